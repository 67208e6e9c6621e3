//! The OSV record model lives in `bosun-types` (plain data shared with the
//! matcher and the renderers); re-exported here so `bosun_vulndb::osv::…`
//! keeps working. YAML parsing stays here: it needs `serde-saphyr`, which
//! the data-model crate does not depend on.

pub use bosun_types::osv::*;

/// Parses one record from YAML (the PyPI advisory database publishes
/// YAML) and checks it.
///
/// A key given twice keeps its last value, as PyYAML (which the OSV
/// tooling around YAML sources uses) reads it, rather than costing the
/// record. Errors are one line, without a source snippet, since they end
/// up in a table.
pub fn from_yaml(text: &str) -> Result<Advisory, String> {
    let mut options = serde_saphyr::Options::default();
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::LastWins;
    options.with_snippet = false;
    let adv: Advisory =
        serde_saphyr::from_str_with_options(text, options).map_err(|e| e.to_string())?;
    adv.validate()?;
    Ok(adv)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// gcp/workers/oss_fuzz_worker/testdata/OSV-130.yaml (commit 7e6c1898,
    /// Apache-2.0; in ../shared/data/advisories/osv-test-records), which
    /// gives `references` twice.
    #[test]
    fn yaml_duplicate_key_keeps_the_last() {
        let a = from_yaml(
            "id: OSV-130\nmodified: '2021-01-01T00:00:00Z'\nreferences:\n- type: WEB\n  url: https://ref.com/ref\nreferences:\n- type: WEB\n  url: https://ref.com/ref2\n",
        )
        .unwrap();
        assert_eq!(a.references.len(), 1);
        assert_eq!(a.references[0].url, "https://ref.com/ref2");
        let e = from_yaml("id: [").unwrap_err();
        assert!(!e.contains('\n'), "{e}");
    }
}
