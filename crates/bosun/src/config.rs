//! The configuration file (`.bosun.yaml`, or `--config FILE` /
//! `BOSUN_CONFIG`). Each section's type belongs to the library that uses it;
//! unknown keys are errors so that a typo never silently disables a check.

use std::path::Path;

use anyhow::Context as _;
use serde::Deserialize;

/// The whole configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Config {
    /// `lint:`: Dockerfile lint settings.
    #[serde(default)]
    pub(crate) lint: bosun_dockerfile::LintConfig,
    /// `db:`: vulnerability database settings.
    #[serde(default)]
    pub(crate) db: bosun_vulndb::DbConfig,
    /// `scan:`: defaults of `bosun scan` (flags win).
    #[serde(default)]
    pub(crate) scan: ScanConfig,
    /// `catalog:`: what catalogers extract (nested Java archive depth…).
    #[serde(default)]
    pub(crate) catalog: bosun_catalog::CatalogConfig,
    /// `secrets:`: custom secret rules, allow rules, disabled rules.
    #[serde(default)]
    pub(crate) secrets: bosun_secrets::SecretsConfig,
}

/// The `scan:` section. It combines settings of several libraries (the
/// match filter, ignore file, VEX, database age), so it lives with the
/// command that joins them.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ScanConfig {
    /// Report only these severities (`critical`, `high`…, any case).
    #[serde(default)]
    pub(crate) severity: Vec<String>,
    /// Report only findings with at least this CVSS base score.
    pub(crate) min_cvss: Option<f64>,
    /// Drop findings that have no fixed version.
    #[serde(default)]
    pub(crate) ignore_unfixed: bool,
    /// Exit 1 when a finding reaches this severity.
    pub(crate) fail_on: Option<String>,
    /// The ignore file (default: `.bosunignore.yaml` when present).
    pub(crate) ignore_file: Option<std::path::PathBuf>,
    /// VEX documents applied to every scan.
    #[serde(default)]
    pub(crate) vex: Vec<std::path::PathBuf>,
    /// Refuse to scan with data older than this (`30d`).
    pub(crate) db_max_age: Option<String>,
    /// Scanners to run (`vuln`, `secret`, `all`); default `vuln`.
    #[serde(default)]
    pub(crate) scanners: Vec<String>,
}

const DEFAULT_FILE: &str = ".bosun.yaml";

impl Config {
    /// Loads `path`, or `.bosun.yaml` in the current directory when it exists,
    /// or the defaults.
    pub(crate) fn load(path: Option<&Path>) -> anyhow::Result<Self> {
        let (path, required) = match path {
            Some(p) => (p.to_path_buf(), true),
            None => (Path::new(DEFAULT_FILE).to_path_buf(), false),
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default());
            }
            Err(e) => {
                return Err(e).with_context(|| format!("reading config file {}", path.display()));
            }
        };
        serde_saphyr::from_str(&text)
            .with_context(|| format!("invalid config file {}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn catalog_section() {
        let c: Config =
            serde_saphyr::from_str("catalog:\n  java:\n    max-depth: 1\n    max-entries: 10\n")
                .unwrap();
        assert_eq!(c.catalog.java.max_depth, 1);
        assert_eq!(c.catalog.java.max_entries, 10);
        assert_eq!(
            c.catalog.java.max_ratio,
            bosun_catalog::CatalogConfig::default().java.max_ratio
        );
        assert!(serde_saphyr::from_str::<Config>("catalog:\n  java:\n    depth: 1\n").is_err());
    }

    #[test]
    fn secrets_section_is_strict() {
        let c: Config = serde_saphyr::from_str(
            "secrets:\n  rules:\n    - id: acme\n      regex: 'acme_[a-z0-9]{20}'\n      keywords: [acme_]\n  allow-rules:\n    - id: tests\n      path: '**/testdata/**'\n",
        )
        .unwrap();
        assert_eq!(c.secrets.rules[0].id, "acme");
        assert_eq!(
            c.secrets.allow_rules[0].path.as_deref(),
            Some("**/testdata/**")
        );
        assert!(serde_saphyr::from_str::<Config>("secrets:\n  alow-rules: []\n").is_err());
    }
}
