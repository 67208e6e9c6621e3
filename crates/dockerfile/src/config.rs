//! Linter configuration (`lint:` section of `.bosun.yaml`) and severities.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How serious a finding is. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Not reported at all.
    Ignore,
    /// Cosmetic.
    Style,
    /// Worth knowing.
    Info,
    /// Probably a problem.
    Warning,
    /// Certainly a problem.
    Error,
}

impl Severity {
    /// The lower-case name (`error`, `warning`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ignore => "ignore",
            Self::Style => "style",
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl std::str::FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "ignore" | "none" | "off" => Self::Ignore,
            "style" => Self::Style,
            "info" => Self::Info,
            "warning" => Self::Warning,
            "error" => Self::Error,
            _ => {
                return Err(format!(
                    "unknown severity {s:?} (error, warning, info, style, ignore)"
                ));
            }
        })
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
