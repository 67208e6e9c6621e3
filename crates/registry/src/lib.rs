//! The registry client: references normalised as Docker does, the OCI
//! distribution API (manifests, indexes, blobs with resume and
//! verification, retries), authentication (basic, bearer tokens,
//! credentials from Docker and containers' files, helpers and the
//! environment), the content-addressed blob cache, and copies between
//! registries, OCI layouts, OCI archives and docker archives.
//!
//! A pull leaves the image in a [`BlobCache`], whose layout
//! `bosun_image::Image::open_blobs` opens like any other image.

mod cache;
mod challenge;
mod client;
mod copy;
mod credentials;
mod docker_archive;
mod error;
mod oci_archive;
mod open;
mod pull;
mod push;
mod reference;
mod referrers;
mod secret;
mod tar_write;
#[cfg(feature = "testing")]
pub mod testing;

pub use crate::cache::{BlobCache, PruneStats, TempBlob};
pub use crate::challenge::{Challenge, parse_challenges};
pub use crate::client::{Client, ClientOptions};
pub use crate::copy::{CopyOptions, CopyReport, copy, parse_destination};
pub use crate::credentials::{Credential, CredentialStore, docker_config_path, store_login};
pub use crate::error::{Error, Result};
pub use crate::open::open_image;
pub use crate::pull::{Document, MAX_MANIFEST, PullOptions, Pulled, detect_media_type};
pub use crate::push::BlobPush;
pub use crate::reference::{DOCKER_HUB, Reference, api_host, registry_name};
pub use crate::referrers::{
    LEGACY_SUFFIXES, Referrers, ReferrersReport, copy_referrers, fallback_tag,
};
pub use crate::secret::Secret;
