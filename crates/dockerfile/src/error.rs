//! Parse errors. Every error carries the 1-based line and column where the
//! problem was found so that editors and CI annotations can point at it.

use thiserror::Error;

/// A Dockerfile that BuildKit would refuse to parse.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("line {line}, column {column}: {message}")]
pub struct ParseError {
    /// 1-based line of the instruction (or directive) at fault.
    pub line: usize,
    /// 1-based column within that line.
    pub column: usize,
    /// What went wrong, worded like BuildKit's own message.
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            column,
            message: message.into(),
        }
    }
}
