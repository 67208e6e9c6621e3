//! JSON: the `bosun.sbom/v1` document, every field of every package.

use bosun_types::Sbom;

pub(super) fn render(sbom: &Sbom) -> Result<String, crate::Error> {
    crate::error::to_json("bosun.sbom/v1 JSON", sbom)
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value =
            serde_json::from_str(&super::render(&crate::sbom::fixtures::sbom()).unwrap()).unwrap();
        insta::assert_json_snapshot!(v);
    }
}
