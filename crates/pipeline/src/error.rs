//! Why a job failed. Findings, unreadable package databases and stale data
//! are not errors: they are in the results or told to the
//! [`Observer`](crate::Observer).

use std::path::PathBuf;

/// What went wrong, root cause first.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The image could not be opened or read.
    #[error(transparent)]
    Image(#[from] bosun_image::Error),
    /// `platform` is not `os/arch[/variant]`.
    #[error("invalid --platform")]
    Platform(#[source] bosun_image::Error),
    /// The registry could not be reached or refused the image.
    #[error(transparent)]
    Registry(#[from] bosun_registry::Error),
    /// The blob cache could not be opened.
    #[error("opening the blob cache {}", path.display())]
    BlobCache {
        /// Its root.
        path: PathBuf,
        /// Why.
        #[source]
        source: bosun_registry::Error,
    },
    /// A layer could not be walked.
    #[error(transparent)]
    Walk(#[from] bosun_layers::Error),
    /// A file could not be read.
    #[error("reading {}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// An SBOM file is larger than bosun reads.
    #[error("{}: larger than {max} bytes", path.display())]
    SbomTooLarge {
        /// The file.
        path: PathBuf,
        /// The limit.
        max: usize,
    },
    /// An SBOM file is not one bosun reads.
    #[error("reading SBOM {}", path.display())]
    Sbom {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: bosun_sbom::ReadError,
    },
    /// There is no database at the path.
    #[error(
        "no vulnerability database at {}: run `bosun db update` to download one, \
         or `bosun db import DIR|FILE` to load OSV files or a `db export` offline",
        path.display()
    )]
    NoDatabase {
        /// Where it was looked for.
        path: PathBuf,
    },
    /// The database could not be opened or queried.
    #[error("opening {}", path.display())]
    Database {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: bosun_vulndb::Error,
    },
    /// The database is older than the caller accepts.
    #[error(
        "the vulnerability data is {age} old, more than --db-max-age {limit}: run `bosun db update` \
         (or `bosun db import`)"
    )]
    TooOld {
        /// Its age (`3d 4h`).
        age: String,
        /// The limit.
        limit: String,
    },
    /// The database has no sources, so its age is unknown.
    #[error("the vulnerability database has no sources: run `bosun db update`")]
    NoSources,
    /// Matching, an ignore file or a VEX document failed.
    #[error(transparent)]
    Match(#[from] bosun_match::Error),
}
