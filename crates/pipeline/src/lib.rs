//! bosun's jobs as a library, one entry point per job, in the manner of
//! rustsec's `Report::generate(&db, &lockfile, &settings)`: settings in,
//! plain data out, typed errors, no printing. The `bosun` binary parses
//! arguments into these settings, shows progress and sets the exit code;
//! the policy gate, the secret and configuration checks and a
//! long-running service call the same functions.
//!
//! - [`open_image`]: any reference — OCI layout or archive, `docker save`
//!   archive, root filesystem directory, or a registry (through the blob
//!   cache).
//! - [`catalog_image`]: open, reuse the per-image catalog cache or walk
//!   (reusing per-layer results) and catalog; returns the image, its
//!   secret-masked configuration summary and the SBOM, on a cache hit too.
//! - [`inspect`]: the `bosun.inspect/v1` description of an image.
//! - [`open_db`]: the vulnerability database, refused when older than
//!   asked; [`scan`]: an image or an SBOM file matched against an
//!   [`AdvisorySource`](bosun_types::AdvisorySource), with filters, ignore
//!   files and VEX applied.
//!
//! What happens along the way (walk progress, pulls, warnings) is told to
//! an [`Observer`]; [`Quiet`] ignores it all.

mod catalog;
mod db;
mod error;
mod inspect;
mod observe;
mod open;
mod scan;
mod secrets;

pub use crate::catalog::{CatalogSettings, Cataloged, catalog_image};
pub use crate::db::{DbSettings, open_db, stale_warning};
pub use crate::error::Error;
pub use crate::inspect::{InspectSettings, inspect};
pub use crate::observe::{Observer, Quiet, Warning};
pub use crate::open::{OpenSettings, RegistrySettings, open_image};
pub use crate::scan::{
    DEFAULT_IGNORE_FILE, SbomAndSecrets, ScanSettings, Scanned, Target, created_now, read_sbom,
    scan, suppressions, target_sbom, target_sbom_secrets,
};
