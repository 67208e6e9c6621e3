//! The library's error type. Malformed advisories are not errors: they are
//! counted and reported in [`crate::ImportReport`].

use std::path::PathBuf;

/// What can go wrong while opening, building or updating the database.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No database file exists at the path.
    #[error(
        "no vulnerability database at {0}; run `bosun db update` (or `bosun db import` offline)"
    )]
    Missing(PathBuf),
    /// The file is not a bosun database, or was written by another schema.
    #[error("{path}: {reason}")]
    Incompatible {
        /// The database file.
        path: PathBuf,
        /// What does not fit.
        reason: String,
    },
    /// SQLite failed.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// An input is not in a form bosun can import (bad zip, unknown file).
    #[error("{path}: {reason}")]
    Input {
        /// The input.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
    },
    /// A download failed or its content was refused.
    #[error("{url}: {reason}")]
    Download {
        /// The address.
        url: String,
        /// Why it failed.
        reason: String,
    },
}

/// Shorthand for this crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;

pub(crate) trait SqlContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> SqlContext<T> for Result<T, rusqlite::Error> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| Error::Sqlite {
            path: path.to_owned(),
            source,
        })
    }
}

pub(crate) trait IoContext<T> {
    fn at(self, path: &std::path::Path) -> Result<T>;
}

impl<T> IoContext<T> for Result<T, std::io::Error> {
    fn at(self, path: &std::path::Path) -> Result<T> {
        self.map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })
    }
}
