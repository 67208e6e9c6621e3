//! Dockerfile lint results as data: the severity scale, one finding, and
//! what a rule says about itself. `bosun-dockerfile` produces them;
//! `bosun-report` renders them.

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

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The file as named by the caller (`-` for standard input).
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Rule code (`DL3008`, `BL1001`, or `DL1000` for a parse error).
    pub code: String,
    /// Effective severity after overrides.
    pub severity: Severity,
    /// What is wrong, for a human.
    pub message: String,
}

/// What a rule checks, shown by `bosun lint --explain CODE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleDoc {
    /// What the rule reports.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A Dockerfile fragment that triggers it.
    pub example: &'static str,
    /// The same fragment, fixed.
    pub fix: &'static str,
}

/// What a renderer shows of one rule (SARIF rule descriptors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// One line.
    pub summary: &'static str,
    /// Its default severity.
    pub severity: Severity,
    /// What it checks and why.
    pub doc: RuleDoc,
}

/// Looks a rule up by code (`bosun_dockerfile::rules::info`).
pub type RuleLookup = fn(&str) -> Option<RuleInfo>;
