//! The user's side of the rule table: the `secrets:` section of
//! `.bosun.yaml`. Strict (unknown keys are errors) so that a misspelt
//! `alow-rules` is reported instead of silently letting secrets through.

use serde::Deserialize;

/// The `secrets:` section of `.bosun.yaml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SecretsConfig {
    /// Rules added to the built-in table.
    #[serde(default)]
    pub rules: Vec<CustomRule>,
    /// Findings to drop: by path glob, rule id or value regex.
    #[serde(default)]
    pub allow_rules: Vec<AllowRule>,
    /// Built-in or custom rule ids not to run.
    #[serde(default)]
    pub disable_rules: Vec<String>,
    /// When set, only these rule ids run.
    #[serde(default)]
    pub enable_rules: Option<Vec<String>>,
    /// Run the loose rules (generic assignments, URL credentials, `.netrc`
    /// lines) on files packages ship too: documentation, interpreter
    /// libraries, `node_modules`, test data. Off by default: they hold
    /// hundreds of example passwords in every distribution image.
    #[serde(default)]
    pub scan_shipped_files: bool,
    /// Largest file scanned, in bytes (default 10 MiB).
    #[serde(default)]
    pub max_file_size: Option<u64>,
}

/// A user-defined rule, same shape as a built-in one.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CustomRule {
    /// Stable id, reported with each finding.
    pub id: String,
    /// Human title (defaults to the id).
    #[serde(default)]
    pub title: Option<String>,
    /// `critical`, `high`, `medium`, `low` (default `high`).
    #[serde(default)]
    pub severity: Option<String>,
    /// The regex; the secret is its `secret` group, else the whole match.
    pub regex: String,
    /// Keywords for the prefilter; without any, the regex runs on the
    /// whole file (still under the size cap).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Only files whose path matches this regex.
    #[serde(default)]
    pub path: Option<String>,
    /// Minimum Shannon entropy of the secret.
    #[serde(default)]
    pub entropy: Option<f64>,
}

/// A finding is dropped when every condition given in an allow rule holds
/// (an allow rule with only `path` drops everything under that path).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AllowRule {
    /// A name for messages.
    pub id: String,
    /// Path glob (`**/testdata/**`).
    #[serde(default)]
    pub path: Option<String>,
    /// Rule id the allow rule applies to.
    #[serde(default)]
    pub rule: Option<String>,
    /// Regex on the secret value.
    #[serde(default)]
    pub regex: Option<String>,
}
