//! The errors of matching and of reading ignore files and VEX documents.
//! A finding is never an error: these are failures to read the inputs.

use std::path::PathBuf;

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The vulnerability database could not be queried.
    #[error("vulnerability database: {0}")]
    Db(#[from] bosun_types::advisory::SourceError),
    /// A file could not be read.
    #[error("reading {}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An ignore file is not valid.
    #[error("invalid ignore file {source_name}: {message}")]
    Ignore {
        /// The file (or the name given to [`crate::ignore::IgnoreFile::parse`]).
        source_name: String,
        /// What is wrong, with the line where known.
        message: String,
    },
    /// A VEX document is not valid.
    #[error("invalid VEX document {source_name}: {message}")]
    Vex {
        /// The file.
        source_name: String,
        /// What is wrong.
        message: String,
    },
}
