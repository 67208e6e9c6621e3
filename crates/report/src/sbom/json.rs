//! JSON: the `bosun.sbom/v1` document, every field of every package.

use bosun_catalog::Sbom;

pub(super) fn render(sbom: &Sbom) -> String {
    serde_json::to_string_pretty(sbom).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value =
            serde_json::from_str(&super::render(&crate::sbom::fixtures::sbom())).unwrap();
        insta::assert_json_snapshot!(v);
    }
}
