//! Why an rpm package database or header cannot be read. The cataloger
//! adds the database's path; these say what inside it is wrong.

/// An unreadable rpm database or header blob.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DbError {
    /// The bytes are not a database of the expected format.
    #[error("not {0}")]
    NotA(&'static str),
    /// A count, offset, length or link inside the file is out of range.
    #[error("{0}")]
    Corrupt(String),
    /// A valid database bosun does not read (encrypted, unknown version).
    #[error("{0}")]
    Unsupported(String),
    /// The private copy an SQLite database is opened from failed.
    #[error(transparent)]
    Spool(#[from] std::io::Error),
    /// SQLite refused the database.
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    /// Header blob `index` (in database order) is malformed.
    #[error("header {index}: {reason}")]
    Header {
        /// Its position among the database's blobs.
        index: usize,
        /// What is wrong with it.
        reason: Box<DbError>,
    },
}

impl DbError {
    /// A [`DbError::Corrupt`] from a fixed description.
    pub(crate) fn corrupt(what: &str) -> Self {
        Self::Corrupt(what.to_owned())
    }
}
