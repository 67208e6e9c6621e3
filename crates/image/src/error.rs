//! Errors from reading images. Every message names the file, blob or
//! reference it is about.

use std::io;
use std::path::PathBuf;

/// Why an image could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The reference could not be understood.
    #[error("invalid image reference {reference:?}: {reason}")]
    Reference {
        /// The reference as given.
        reference: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// A JSON document (manifest, index, config) is malformed.
    #[error("{what}: invalid JSON: {source}")]
    Json {
        /// Which document.
        what: String,
        /// The parse error.
        #[source]
        source: serde_json::Error,
    },
    /// A document or archive is well-formed but not valid.
    #[error("{what}: {reason}")]
    Invalid {
        /// Which document, blob or archive member.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Content does not hash to the digest it is referenced by.
    #[error("{what}: digest mismatch: expected {expected}, content hashes to {actual}")]
    DigestMismatch {
        /// The blob (with its role: layer 2, config…).
        what: String,
        /// The digest it was referenced by.
        expected: String,
        /// What its content hashes to.
        actual: String,
    },
    /// Content is longer or shorter than its descriptor says.
    #[error("{what}: size mismatch: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The blob.
        what: String,
        /// Size from the descriptor.
        expected: u64,
        /// Bytes actually read (at least).
        actual: u64,
    },
    /// Something asked for is not in the image source.
    #[error("{what} not found in {source_name}{}", available_list(.available))]
    NotFound {
        /// What was asked for.
        what: String,
        /// The layout or archive searched.
        source_name: String,
        /// What is there instead.
        available: Vec<String>,
    },
    /// A tar archive (an image archive or a layer) is malformed.
    #[error("{what}: {source}")]
    Tar {
        /// Which archive.
        what: String,
        /// The tar error.
        #[source]
        source: bosun_tar::Error,
    },
    /// A configured limit was exceeded.
    #[error("{what}: {reason}")]
    Limit {
        /// Where.
        what: String,
        /// Which limit, and how to raise it.
        reason: String,
    },
    /// The transport is recognised but not available in this build.
    #[error("{0}")]
    Unsupported(String),
}

fn available_list(v: &[String]) -> String {
    if v.is_empty() {
        String::new()
    } else {
        format!("; available: {}", v.join(", "))
    }
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Self::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn invalid(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            what: what.into(),
            reason: reason.into(),
        }
    }

    /// Recovers an [`Error`] carried inside an `io::Error` by a verifying
    /// reader, or wraps the `io::Error` naming `what`.
    pub fn from_io(what: &str, e: io::Error) -> Self {
        if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
            if let Some(inner) = e.into_inner()
                && let Ok(err) = inner.downcast::<Error>()
            {
                return *err;
            }
            return Self::invalid(what, "unreadable");
        }
        Self::Invalid {
            what: what.to_owned(),
            reason: e.to_string(),
        }
    }
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
