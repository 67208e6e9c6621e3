//! Lint findings: data, never errors.

use serde::Serialize;

use crate::config::Severity;

/// One rule violation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
