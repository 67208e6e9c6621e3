//! The `bosun.scan/v1` JSON document: [`Report`] serialised as is, so the
//! shape is the one documented on `bosun_match`'s types (and in the
//! README).

use bosun_match::Report;

pub(super) fn render(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let r = crate::scan::fixtures::report();
        insta::assert_snapshot!(super::render(&r));
    }
}
