//! Errors of the catalogers: each names the file it is about.

/// A cataloging error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A package database is malformed.
    #[error("{path}: {reason}")]
    Malformed {
        /// The database file.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A database could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The database file.
        path: String,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    /// A malformed-input error for `path`.
    pub fn malformed(path: &str, reason: impl Into<String>) -> Self {
        Error::Malformed {
            path: path.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Result alias.
pub type Result<T, E = Error> = std::result::Result<T, E>;
