//! The OSV record model lives in `bosun-types` (plain data shared with the
//! matcher and the renderers); re-exported here so `bosun_vulndb::osv::…`
//! keeps working. YAML parsing stays here: it needs `serde-saphyr`, which
//! the data-model crate does not depend on.

pub use bosun_types::osv::*;

/// Parses one record from YAML (the PyPI advisory database publishes
/// YAML) and checks it.
pub fn from_yaml(text: &str) -> Result<Advisory, String> {
    let adv: Advisory = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
    adv.validate()?;
    Ok(adv)
}
