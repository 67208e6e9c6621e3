//! Errors from talking to registries. Messages name the registry and
//! repository they concern and never contain credentials: every secret is a
//! [`crate::Secret`], and URLs put in messages carry no user information.

use std::io;
use std::path::PathBuf;

/// Why a registry operation failed.
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
    /// The registry refused our credentials, or we had none.
    #[error("{registry}: authentication required for {what}{}", login_hint(.registry, *.had_credentials))]
    Unauthorized {
        /// The registry host.
        registry: String,
        /// What was being accessed.
        what: String,
        /// Whether credentials were sent (and refused).
        had_credentials: bool,
    },
    /// The registry denied access (403), or the repository does not exist.
    #[error("{registry}: access to {what} denied ({status})")]
    Denied {
        /// The registry host.
        registry: String,
        /// What was being accessed.
        what: String,
        /// HTTP status.
        status: u16,
    },
    /// Something asked for does not exist.
    #[error("{registry}: {what} not found")]
    NotFound {
        /// The registry host.
        registry: String,
        /// What was asked for.
        what: String,
    },
    /// The registry answered with an unexpected status.
    #[error("{registry}: {what}: unexpected HTTP status {status}{}", detail(.body))]
    Status {
        /// The registry host.
        registry: String,
        /// The request.
        what: String,
        /// HTTP status.
        status: u16,
        /// The start of the error body the registry sent, if any.
        body: String,
    },
    /// The connection failed (after retries).
    #[error("{registry}: {what}: {message}")]
    Transport {
        /// The registry host.
        registry: String,
        /// The request.
        what: String,
        /// The error, without the URL's credentials.
        message: String,
    },
    /// A document from the registry is not acceptable.
    #[error("{what}: {reason}")]
    Invalid {
        /// Which document.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Content does not hash to the digest it was asked for by.
    #[error("{what}: digest mismatch: expected {expected}, content hashes to {actual}")]
    DigestMismatch {
        /// The blob or manifest.
        what: String,
        /// The digest it was referenced by.
        expected: String,
        /// What the received content hashes to.
        actual: String,
    },
    /// Content is longer or shorter than its descriptor says.
    #[error("{what}: size mismatch: expected {expected} bytes, got {actual}")]
    SizeMismatch {
        /// The blob.
        what: String,
        /// Size from the descriptor.
        expected: u64,
        /// Bytes received (at least).
        actual: u64,
    },
    /// Docker schema 1 manifests are not supported.
    #[error(
        "{what}: Docker schema 1 manifest ({media_type}); this format has been deprecated since 2017 and is not supported: rebuild or re-push the image with a current client"
    )]
    Schema1 {
        /// The manifest.
        what: String,
        /// Its media type.
        media_type: String,
    },
    /// A credentials file or helper failed.
    #[error("credentials: {0}")]
    Credentials(String),
    /// The TLS or client configuration is unusable.
    #[error("registry client configuration: {0}")]
    Config(String),
    /// A local file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// Opening the pulled image failed.
    #[error(transparent)]
    Image(#[from] bosun_image::Error),
}

/// Shorthand.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    pub(crate) fn invalid(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Invalid {
            what: what.into(),
            reason: reason.into(),
        }
    }
}

fn login_hint(registry: &str, had: bool) -> String {
    if had {
        format!(
            " (the credentials found for {registry} were refused; run `bosun registry login {registry}` again)"
        )
    } else {
        format!(
            " (no credentials found; run `bosun registry login {registry}`, or set BOSUN_REGISTRY_USERNAME and BOSUN_REGISTRY_PASSWORD)"
        )
    }
}

fn detail(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(": {body}")
    }
}
