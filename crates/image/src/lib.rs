//! Opening container images from any source bosun supports: OCI image
//! layouts and archives, docker archives and root filesystem directories.
//!
//! [`ImageRef::parse`] understands what a user types; [`Image::open`]
//! resolves it (index, platform, manifest, configuration), verifying every
//! document against its digest; [`Image::open_layer`] streams a layer's
//! uncompressed tar while checking the blob digest and the diff_id.

mod digest;
mod docker;
mod error;
mod image;
mod layer;
mod oci;
mod platform;
mod reference;
pub mod spec;
mod store;
mod verified;

pub use crate::digest::{Algorithm, Digest, Hasher, Verified};
pub use crate::error::{Error, Result};
pub use crate::image::{Image, Layer, OpenOptions};
pub use crate::layer::{Compression, LayerDigests, LayerStream};
pub use crate::platform::Platform;
pub use crate::reference::{ImageRef, Selector};
pub use crate::verified::{VerifiedBlobs, VerifiedLayers};
