//! An image's software inventory (`bosun.sbom/v1`): the image, its
//! distribution, its layers and their build steps, the packages and the
//! databases that could not be read.

use serde::{Deserialize, Serialize};

use crate::distro::Distro;
use crate::package::{LayerRef, Package};

/// The JSON schema name of [`Sbom`].
pub const SBOM_SCHEMA: &str = "bosun.sbom/v1";

/// A database that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The cataloger.
    pub cataloger: String,
    /// The file, absolute.
    pub path: String,
    /// The layer of the version that failed.
    pub layer: usize,
    /// What went wrong.
    pub message: String,
}

/// The image an SBOM describes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageInfo {
    /// The reference as given.
    pub reference: String,
    /// The manifest digest.
    pub manifest_digest: Option<String>,
    /// The config digest (the image ID).
    pub config_digest: Option<String>,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
}

/// A layer and the build step that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInfo {
    /// The layer.
    #[serde(flatten)]
    pub layer: LayerRef,
    /// The history step's command, secrets masked.
    pub created_by: Option<String>,
}

/// An image's software inventory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sbom {
    /// Always [`SBOM_SCHEMA`].
    pub schema: String,
    /// bosun's version.
    pub tool_version: String,
    /// The image.
    pub image: ImageInfo,
    /// The distribution.
    pub distro: Option<Distro>,
    /// The layers, bottom first.
    pub layers: Vec<LayerInfo>,
    /// The packages, by cataloger then name.
    pub packages: Vec<Package>,
    /// Databases that could not be read.
    pub problems: Vec<Problem>,
    /// The accounts of the image's `/etc/passwd` (name → UID), when it has
    /// one: a policy needs them to tell that `USER app` is root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub users: Option<std::collections::BTreeMap<String, u32>>,
}
