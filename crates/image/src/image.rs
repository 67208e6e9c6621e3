//! An opened image: its manifest, configuration and layers. Resolving OCI
//! sources lives in [`crate::oci`], docker archives in [`crate::docker`],
//! layer streams in [`crate::layer`]; this file holds what they share.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

use crate::digest::Digest;
use crate::docker::open_docker;
use crate::error::{Error, Result};
use crate::oci::{open_oci, resolve};
use crate::platform::Platform;
use crate::reference::ImageRef;
use crate::spec::{Descriptor, ImageConfig};
use crate::store::{DirFiles, Files, TarFiles};

/// How to open an image.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The platform to pick from an index; `None` means linux/amd64 for
    /// indexes and no check for single images.
    pub platform: Option<Platform>,
}

/// One layer of an image.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Position, base layer 0.
    pub index: usize,
    /// Digest of the blob as stored, when known (docker archives do not
    /// record it for compressed layers).
    pub digest: Option<Digest>,
    /// Digest of the uncompressed tar, from the configuration.
    pub diff_id: Option<Digest>,
    /// Media type from the manifest.
    pub media_type: String,
    /// Size of the blob as stored.
    pub size: u64,
    /// Index into the configuration's history of the step that made it.
    pub history: Option<usize>,
    /// File name within the image source.
    pub(crate) file: String,
}

/// An image opened from any source.
pub struct Image {
    /// The reference it was opened from.
    pub reference: ImageRef,
    /// Digest of the index the manifest was chosen from, if any.
    pub index_digest: Option<Digest>,
    /// Digest of the image manifest, where the source has one.
    pub manifest_digest: Option<Digest>,
    /// Media type of the manifest.
    pub manifest_media_type: Option<String>,
    /// Digest of the configuration blob (the image id).
    pub config_digest: Option<Digest>,
    /// The configuration.
    pub config: ImageConfig,
    /// The layers, base first.
    pub layers: Vec<Layer>,
    /// The platforms the index this image was chosen from offers, with
    /// each one's manifest digest (empty for a single-platform image), so
    /// a caller can visit every one.
    pub platforms: Vec<(Platform, Digest)>,
    /// For `dir:` images: the root filesystem directory (no layers).
    pub rootfs: Option<PathBuf>,
    pub(crate) files: Option<Arc<dyn Files>>,
    /// File name of the configuration within the source.
    pub(crate) config_file: Option<String>,
}

impl std::fmt::Debug for Image {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Image")
            .field("reference", &self.reference.to_string())
            .field("manifest_digest", &self.manifest_digest)
            .field("config_digest", &self.config_digest)
            .field("layers", &self.layers)
            .finish_non_exhaustive()
    }
}

impl Image {
    /// Opens the image a reference names.
    pub fn open(reference: &ImageRef, opts: &OpenOptions) -> Result<Self> {
        match reference {
            ImageRef::OciLayout { path, selector } => {
                if !path.join("oci-layout").is_file() {
                    return Err(Error::invalid(
                        path.display().to_string(),
                        "not an OCI image layout (no oci-layout file)",
                    ));
                }
                let files: Arc<dyn Files> = Arc::new(DirFiles::new(path));
                open_oci(reference, files, selector.as_ref(), opts)
            }
            ImageRef::OciArchive { path, selector } => {
                let files: Arc<dyn Files> = Arc::new(TarFiles::open(path)?);
                if !files.exists("oci-layout") {
                    return Err(Error::invalid(
                        path.display().to_string(),
                        "not an OCI archive (no oci-layout member)",
                    ));
                }
                open_oci(reference, files, selector.as_ref(), opts)
            }
            ImageRef::DockerArchive { path, selector } => {
                let files: Arc<dyn Files> = if path.is_dir() {
                    Arc::new(DirFiles::new(path))
                } else {
                    Arc::new(TarFiles::open(path)?)
                };
                open_docker(reference, files, selector.as_ref(), opts)
            }
            ImageRef::RootFs { path } => {
                if !path.is_dir() {
                    return Err(Error::invalid(
                        path.display().to_string(),
                        "not a directory",
                    ));
                }
                Ok(Self {
                    reference: reference.clone(),
                    index_digest: None,
                    manifest_digest: None,
                    manifest_media_type: None,
                    config_digest: None,
                    config: ImageConfig::default(),
                    layers: Vec::new(),
                    platforms: Vec::new(),
                    rootfs: Some(path.clone()),
                    files: None,
                    config_file: None,
                })
            }
            ImageRef::Registry(r) => Err(Error::Unsupported(format!(
                "{r}: pulling from a registry is not available yet; save the image with `skopeo copy docker://{r} oci:DIR` and inspect `oci:DIR`"
            ))),
        }
    }

    /// Opens the image whose manifest or index has digest `top`, reading
    /// blobs from a content-addressed store laid out as `ROOT/blobs/ALG/HEX`
    /// (an OCI layout's blob directory; the registry client's cache). The
    /// same verification and platform selection apply as for layouts.
    pub fn open_blobs(
        reference: ImageRef,
        root: &std::path::Path,
        top: &Digest,
        opts: &OpenOptions,
    ) -> Result<Self> {
        let files: Arc<dyn Files> = Arc::new(DirFiles::new(root));
        let size = files.size(&blob_name(top)).ok_or_else(|| Error::NotFound {
            what: format!("blob {top}"),
            source_name: files.describe(),
            available: Vec::new(),
        })?;
        let desc = Descriptor {
            media_type: String::new(),
            digest: top.clone(),
            size,
            platform: None,
            annotations: Default::default(),
            artifact_type: None,
        };
        resolve(&reference, files, desc, None, opts)
    }

    /// The platform from the configuration.
    pub fn platform(&self) -> Option<Platform> {
        (!self.config.os.is_empty()).then(|| Platform {
            os: self.config.os.clone(),
            architecture: self.config.architecture.clone(),
            variant: self.config.variant.clone(),
        })
    }

    /// The configuration exactly as stored (its digest is the image id),
    /// verified against [`Image::config_digest`]. Copies need the bytes,
    /// not [`Image::config`], which would serialise differently.
    pub fn config_bytes(&self) -> Result<Vec<u8>> {
        let (Some(files), Some(name), Some(digest)) =
            (&self.files, &self.config_file, &self.config_digest)
        else {
            return Err(Error::invalid(
                self.reference.to_string(),
                "image has no configuration blob",
            ));
        };
        let data = files.read_small(name)?;
        verify_bytes(&data, digest, None, "config")?;
        Ok(data)
    }

    /// Opens layer `index` as stored (compressed or not) for copying byte
    /// for byte. Checked only against the size the source declares: the
    /// caller hashes what it copies, since docker archives do not record
    /// the digest of the file.
    pub fn open_layer_blob(&self, index: usize) -> Result<Box<dyn Read + Send>> {
        let (layer, files) = self.layer_file(index)?;
        files.open(&layer.file)
    }

    pub(crate) fn layer_file(&self, index: usize) -> Result<(&Layer, &Arc<dyn Files>)> {
        let layer = self.layers.get(index).ok_or_else(|| {
            Error::invalid(self.reference.to_string(), format!("no layer {index}"))
        })?;
        let files = self.files.as_ref().ok_or_else(|| {
            Error::invalid(self.reference.to_string(), "image has no layer blobs")
        })?;
        Ok((layer, files))
    }
}

/// Reads and verifies a small blob (manifest, index, config).
pub(crate) fn read_blob(
    files: &dyn Files,
    desc_digest: &Digest,
    size: Option<u64>,
    what: &str,
) -> Result<Vec<u8>> {
    let name = blob_name(desc_digest);
    let data = files.read_small(&name).map_err(|e| match e {
        Error::NotFound { .. } => Error::NotFound {
            what: format!("{what} {desc_digest}"),
            source_name: files.describe(),
            available: Vec::new(),
        },
        e => e,
    })?;
    verify_bytes(&data, desc_digest, size, what)?;
    Ok(data)
}

pub(crate) fn verify_bytes(
    data: &[u8],
    digest: &Digest,
    size: Option<u64>,
    what: &str,
) -> Result<()> {
    if let Some(s) = size
        && data.len() as u64 != s
    {
        return Err(Error::SizeMismatch {
            what: format!("{what} {digest}"),
            expected: s,
            actual: data.len() as u64,
        });
    }
    let got = Digest::of(digest.algorithm(), data);
    if &got != digest {
        return Err(Error::DigestMismatch {
            what: format!("{what} {digest}"),
            expected: digest.to_string(),
            actual: got.to_string(),
        });
    }
    Ok(())
}

pub(crate) fn blob_name(d: &Digest) -> String {
    format!("blobs/{}/{}", d.algorithm().name(), d.hex())
}

pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(data: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(data).map_err(|source| Error::Json {
        what: what.to_owned(),
        source,
    })
}

/// When a platform was asked for explicitly, a single image must be it.
pub(crate) fn check_platform(config: &ImageConfig, opts: &OpenOptions, what: &str) -> Result<()> {
    if let Some(want) = &opts.platform {
        if config.os.is_empty() {
            return Ok(());
        }
        let have = Platform {
            os: config.os.clone(),
            architecture: config.architecture.clone(),
            variant: config.variant.clone(),
        };
        if want.match_score(&have).is_none() {
            return Err(Error::NotFound {
                what: format!("platform {want}"),
                source_name: what.to_owned(),
                available: vec![have.to_string()],
            });
        }
    }
    Ok(())
}

/// Maps each layer to the history step that made it: steps without
/// `empty_layer` correspond to layers in order.
pub(crate) fn layer_history(config: &ImageConfig, layers: usize) -> Vec<Option<usize>> {
    let mut out: Vec<Option<usize>> = config
        .history
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.empty_layer)
        .map(|(i, _)| Some(i))
        .take(layers)
        .collect();
    out.resize(layers, None);
    out
}
