//! Why a policy file was refused: every problem found, each with the line
//! and column it is at, so a user fixes the file in one pass.

use std::fmt;

use serde_saphyr::Location;

/// One problem in a policy file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// 1-based line; 0 when the problem is the file as a whole.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    /// What is wrong.
    pub message: String,
}

impl Located {
    /// A problem at `loc`.
    pub(crate) fn at(loc: &Location, message: impl Into<String>) -> Self {
        Self {
            line: loc.line(),
            column: loc.column(),
            message: message.into(),
        }
    }

    /// A problem with the file as a whole.
    pub(crate) fn file(message: impl Into<String>) -> Self {
        Self {
            line: 0,
            column: 0,
            message: message.into(),
        }
    }

    /// A YAML or type error from the deserialiser, which carries its own
    /// location in its message.
    pub(crate) fn from_yaml(e: &serde_saphyr::Error) -> Self {
        let (line, column) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let message = e.to_string();
        Self {
            line,
            column,
            message,
        }
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => f.write_str(&self.message),
            (l, 0) => write!(f, "line {l}: {}", self.message),
            (l, c) => write!(f, "line {l} column {c}: {}", self.message),
        }
    }
}

/// A policy file that could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file could not be read.
    #[error("reading policy {path}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// Larger than the cap.
    #[error("policy {path} is {size} bytes; at most {limit} are read")]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        size: u64,
        /// The cap.
        limit: u64,
    },
    /// Not a valid policy.
    #[error("invalid policy {source_name}:{}", list(errors))]
    Invalid {
        /// The file.
        source_name: String,
        /// Every problem, in file order.
        errors: Vec<Located>,
    },
}

fn list(errors: &[Located]) -> String {
    let mut s = String::new();
    for e in errors {
        s.push_str("\n  ");
        s.push_str(&e.to_string());
    }
    s
}
