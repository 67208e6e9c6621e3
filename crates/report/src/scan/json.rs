//! The `bosun.scan/v1` JSON document: [`Report`] serialised as is, so the
//! shape is the one documented on `bosun_match`'s types (and in the
//! README).

use bosun_types::Report;

pub(super) fn render(report: &Report) -> Result<String, crate::Error> {
    crate::error::to_json("bosun.scan/v1 JSON", report)
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let r = crate::scan::fixtures::report();
        insta::assert_snapshot!(super::render(&r).unwrap());
    }
}
