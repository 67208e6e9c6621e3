//! Linter configuration (`lint:` section of `.bosun.yaml`) and severities.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use bosun_types::lint::Severity;

/// The type a label must have (hadolint's `label-schema`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelType {
    /// Any non-empty text.
    Text,
    /// An absolute URL.
    Url,
    /// An RFC 3339 timestamp.
    Rfc3339,
    /// An SPDX licence identifier.
    Spdx,
    /// A full git commit hash.
    Hash,
    /// A semantic version.
    Semver,
    /// An e-mail address.
    Email,
}

/// The `lint:` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct LintConfig {
    /// Rule codes never reported.
    pub ignored: Vec<String>,
    /// Per-code severity replacing the rule's default.
    pub severity_overrides: BTreeMap<String, Severity>,
    /// Registries base images may come from (DL3026, BL1002). Empty: any.
    pub trusted_registries: Vec<String>,
    /// Findings at or above this severity make `bosun lint` fail.
    pub failure_threshold: Severity,
    /// Labels every image must carry, with their type (DL3049–DL3058).
    pub label_schema: BTreeMap<String, LabelType>,
    /// Report labels not in `label-schema` (DL3050).
    pub strict_labels: bool,
}

impl LintConfig {
    /// Codes named in `ignored` or `severity-overrides` that no rule has:
    /// usually typos, which would otherwise silently do nothing.
    pub fn unknown_codes(&self) -> Vec<String> {
        self.ignored
            .iter()
            .chain(self.severity_overrides.keys())
            .filter(|c| crate::rules::find(c).is_none() && !c.eq_ignore_ascii_case("DL1000"))
            .cloned()
            .collect()
    }
}

impl Default for LintConfig {
    fn default() -> Self {
        Self {
            ignored: Vec::new(),
            severity_overrides: BTreeMap::new(),
            trusted_registries: Vec::new(),
            failure_threshold: Severity::Info,
            label_schema: BTreeMap::new(),
            strict_labels: false,
        }
    }
}
