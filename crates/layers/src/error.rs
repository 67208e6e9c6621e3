//! Errors of the layer walk, each naming the layer (and path) involved.

/// Why a walk failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The image could not be read (digest mismatch, truncated blob…).
    #[error(transparent)]
    Image(#[from] bosun_image::Error),
    /// A layer's tar stream is malformed.
    #[error("{layer}: {source}")]
    Tar {
        /// Which layer.
        layer: String,
        /// The tar error.
        #[source]
        source: bosun_tar::Error,
    },
    /// A limit was exceeded.
    #[error("{what}: {reason}")]
    Limit {
        /// Which layer or directory.
        what: String,
        /// Which limit, and how to raise it.
        reason: String,
    },
    /// A file request is malformed (a bad glob).
    #[error("invalid file request {request:?}: {reason}")]
    Request {
        /// The request.
        request: String,
        /// What is wrong.
        reason: String,
    },
    /// A root filesystem directory could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory.
        path: String,
        /// The error.
        #[source]
        source: std::io::Error,
    },
}

/// Results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
