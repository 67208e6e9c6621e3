//! The `db:` section of bosun's configuration file.

use serde::Deserialize;

/// The default OSV mirror: OSV's public export bucket.
pub const DEFAULT_BASE_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";
/// How old data may be before `db status` and `scan` warn.
pub const DEFAULT_MAX_AGE: &str = "7d";

/// Vulnerability database settings (`db:` in `.bosun.yaml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct DbConfig {
    /// Mirror of OSV's exports: `<base-url>/<ECOSYSTEM>/all.zip`.
    pub base_url: Option<String>,
    /// Ecosystems to download (default: all that the mirror lists).
    #[serde(default)]
    pub ecosystems: Vec<String>,
    /// Age (`7d`, `12h`) after which the data counts as stale.
    pub max_age: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unknown_keys() {
        let c: DbConfig =
            serde_saphyr::from_str("base-url: http://m\necosystems: [PyPI, Go]\nmax-age: 3d\n")
                .unwrap();
        assert_eq!(c.ecosystems, ["PyPI", "Go"]);
        assert!(serde_saphyr::from_str::<DbConfig>("base_url: x\n").is_err());
    }
}
