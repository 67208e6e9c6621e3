//! An opened image: its manifest, configuration and layers, and verified
//! streams of each layer's uncompressed tar.

use std::io::{self, BufRead, BufReader, Read};
use std::path::PathBuf;
use std::sync::Arc;

use crate::digest::{Algorithm, Digest, Expect, Verified, VerifyBufRead, VerifyRead};
use crate::error::{Error, Result};
use crate::platform::Platform;
use crate::reference::{ImageRef, Selector};
use crate::spec::{Descriptor, ImageConfig, Index, Manifest, Probe, media_type};
use crate::store::{DirFiles, Files, TarFiles};

/// How to open an image.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// The platform to pick from an index; `None` means linux/amd64 for
    /// indexes and no check for single images.
    pub platform: Option<Platform>,
}

pub use bosun_types::inspect::Compression;

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
    file: String,
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
    /// For `dir:` images: the root filesystem directory (no layers).
    pub rootfs: Option<PathBuf>,
    files: Option<Arc<dyn Files>>,
    /// File name of the configuration within the source.
    config_file: Option<String>,
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

/// Nested indexes deeper than this are refused.
const MAX_INDEX_DEPTH: usize = 4;

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

    fn layer_file(&self, index: usize) -> Result<(&Layer, &Arc<dyn Files>)> {
        let layer = self.layers.get(index).ok_or_else(|| {
            Error::invalid(self.reference.to_string(), format!("no layer {index}"))
        })?;
        let files = self.files.as_ref().ok_or_else(|| {
            Error::invalid(self.reference.to_string(), "image has no layer blobs")
        })?;
        Ok((layer, files))
    }

    /// Opens layer `index` as a verified stream of its uncompressed tar.
    /// `max_uncompressed` caps the decompressed size (gzip bombs).
    pub fn open_layer(&self, index: usize, max_uncompressed: Option<u64>) -> Result<LayerStream> {
        let (layer, files) = self.layer_file(index)?;
        let what = match &layer.digest {
            Some(d) => format!("layer {index} ({d})"),
            None => format!("layer {index} ({})", layer.file),
        };
        let raw = files.open(&layer.file)?;
        let blob = VerifyBufRead::new(
            BufReader::with_capacity(256 << 10, raw),
            Expect {
                what: format!("{what} blob"),
                digest: layer.digest.clone(),
                algorithm: Algorithm::Sha256,
                size: Some(layer.size),
                limit: None,
            },
        );
        let mut blob = blob;
        let head = blob.fill_buf().map_err(|e| Error::from_io(&what, e))?;
        let compression = if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        };
        let declared = declared_compression(&layer.media_type);
        if declared.is_some_and(|d| d != Compression::None) && compression == Compression::None {
            return Err(Error::invalid(
                what,
                format!(
                    "media type {} but the blob is not compressed that way",
                    layer.media_type
                ),
            ));
        }
        let decoder = match compression {
            Compression::None => Decoder::Plain(Box::new(blob)),
            Compression::Gzip => {
                Decoder::Gzip(Box::new(flate2::bufread::MultiGzDecoder::new(blob)))
            }
            Compression::Zstd => Decoder::Zstd(Box::new(
                zstd::stream::read::Decoder::with_buffer(blob)
                    .map_err(|e| Error::from_io(&what, e))?,
            )),
        };
        let tar = VerifyRead::new(
            decoder,
            Expect {
                what: format!("{what} uncompressed (diff_id)"),
                digest: layer.diff_id.clone(),
                algorithm: Algorithm::Sha256,
                size: None,
                limit: max_uncompressed.map(|l| {
                    (
                        l,
                        "the uncompressed size limit; raise it with --max-image-bytes",
                    )
                }),
            },
        );
        Ok(LayerStream {
            inner: BufReader::with_capacity(256 << 10, tar),
            what,
            compression,
        })
    }
}

fn declared_compression(media_type: &str) -> Option<Compression> {
    use media_type::*;
    match media_type {
        OCI_LAYER | OCI_LAYER_ND | DOCKER_LAYER => Some(Compression::None),
        OCI_LAYER_GZIP | OCI_LAYER_ND_GZIP | DOCKER_LAYER_GZIP | DOCKER_LAYER_FOREIGN => {
            Some(Compression::Gzip)
        }
        OCI_LAYER_ZSTD | OCI_LAYER_ND_ZSTD | DOCKER_LAYER_ZSTD => Some(Compression::Zstd),
        _ => None,
    }
}

/// A layer blob being read and hashed.
type Blob = VerifyBufRead<BufReader<Box<dyn Read + Send>>>;

enum Decoder {
    Plain(Box<Blob>),
    Gzip(Box<flate2::bufread::MultiGzDecoder<Blob>>),
    Zstd(Box<zstd::stream::read::Decoder<'static, Blob>>),
}

impl Decoder {
    fn blob(&mut self) -> &mut Blob {
        match self {
            Decoder::Plain(b) => b,
            Decoder::Gzip(d) => d.get_mut(),
            Decoder::Zstd(d) => d.get_mut(),
        }
    }
}

impl Read for Decoder {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoder::Plain(r) => r.read(buf),
            Decoder::Gzip(r) => r.read(buf),
            Decoder::Zstd(r) => r.read(buf),
        }
    }
}

/// A layer's uncompressed tar, verified against the blob digest and the
/// diff_id as it is read. Errors surface as `io::Error`s wrapping
/// [`Error`]; [`LayerStream::finish`] drains and reports both digests.
pub struct LayerStream {
    inner: BufReader<VerifyRead<Decoder>>,
    what: String,
    compression: Compression,
}

/// What a fully read layer hashed to.
#[derive(Debug, Clone)]
pub struct LayerDigests {
    /// The blob as stored.
    pub blob: Verified,
    /// The uncompressed tar.
    pub diff: Verified,
    /// The detected compression.
    pub compression: Compression,
}

impl LayerStream {
    /// Names the layer in errors.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Reads whatever the consumer left (tar padding, trailing bytes), then
    /// verifies both digests.
    pub fn finish(mut self) -> Result<LayerDigests> {
        io::copy(&mut self.inner, &mut io::sink()).map_err(|e| Error::from_io(&self.what, e))?;
        let tar = self.inner.into_inner();
        let diff = tar.result().clone();
        let mut tar = tar;
        let blob = tar.inner_mut().blob();
        blob.drain().map_err(|e| Error::from_io(&self.what, e))?;
        Ok(LayerDigests {
            blob: blob.result().clone(),
            diff,
            compression: self.compression,
        })
    }
}

/// Makes every error name the layer: decoder errors ("corrupt deflate
/// stream") say nothing of where they happened.
fn name_error(what: &str, e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        e
    } else {
        io::Error::other(Error::invalid(what, e.to_string()))
    }
}

impl Read for LayerStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.inner.read(buf).map_err(|e| name_error(&self.what, e))
    }
}

impl BufRead for LayerStream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let what = &self.what;
        self.inner.fill_buf().map_err(|e| name_error(what, e))
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
    }
}

/// Reads and verifies a small blob (manifest, index, config).
fn read_blob(
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

fn verify_bytes(data: &[u8], digest: &Digest, size: Option<u64>, what: &str) -> Result<()> {
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

fn blob_name(d: &Digest) -> String {
    format!("blobs/{}/{}", d.algorithm().name(), d.hex())
}

fn parse_json<T: serde::de::DeserializeOwned>(data: &[u8], what: &str) -> Result<T> {
    serde_json::from_slice(data).map_err(|source| Error::Json {
        what: what.to_owned(),
        source,
    })
}

/// What a manifest-like document turned out to be.
enum Doc {
    Index(Index),
    Manifest(Box<Manifest>, String),
}

fn classify(data: &[u8], what: &str) -> Result<Doc> {
    let probe: Probe = parse_json(data, what)?;
    let mt = probe.media_type.clone().unwrap_or_default();
    if mt == media_type::DOCKER_MANIFEST_V1
        || mt == media_type::DOCKER_MANIFEST_V1_SIGNED
        || probe.fs_layers.is_some()
        || probe.schema_version == Some(1)
    {
        return Err(Error::Unsupported(format!(
            "{what}: Docker schema 1 manifests are deprecated and not supported; re-push the image with a current client"
        )));
    }
    if mt == media_type::OCI_INDEX
        || mt == media_type::DOCKER_LIST
        || (mt.is_empty() && probe.manifests.is_some())
    {
        let idx: Index = parse_json(data, what)?;
        return Ok(Doc::Index(idx));
    }
    if mt == media_type::OCI_MANIFEST
        || mt == media_type::DOCKER_MANIFEST
        || (mt.is_empty() && probe.config.is_some())
    {
        let m: Manifest = parse_json(data, what)?;
        if m.schema_version != 2 {
            return Err(Error::invalid(
                what,
                format!("schemaVersion {} (expected 2)", m.schema_version),
            ));
        }
        let mt = if mt.is_empty() {
            media_type::OCI_MANIFEST.to_owned()
        } else {
            mt
        };
        return Ok(Doc::Manifest(Box::new(m), mt));
    }
    Err(Error::invalid(
        what,
        format!("not an image manifest or index (media type {mt:?})"),
    ))
}

/// Picks the entry of an index that matches the requested platform.
fn pick_platform<'a>(idx: &'a Index, opts: &OpenOptions, what: &str) -> Result<&'a Descriptor> {
    let wanted = opts.platform.clone().unwrap_or_default();
    let candidates: Vec<&Descriptor> = idx
        .manifests
        .iter()
        .filter(|d| !d.platform.as_ref().is_some_and(Platform::is_unknown))
        .collect();
    if candidates.len() == 1 && candidates[0].platform.is_none() {
        return Ok(candidates[0]);
    }
    let best = candidates
        .iter()
        .filter_map(|d| Some((wanted.match_score(d.platform.as_ref()?)?, *d)))
        .max_by_key(|(score, _)| *score);
    match best {
        Some((_, d)) => Ok(d),
        None => Err(Error::NotFound {
            what: format!("platform {wanted}"),
            source_name: what.to_owned(),
            available: candidates
                .iter()
                .filter_map(|d| d.platform.as_ref().map(ToString::to_string))
                .collect(),
        }),
    }
}

fn open_oci(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    selector: Option<&Selector>,
    opts: &OpenOptions,
) -> Result<Image> {
    let index_what = format!("index.json in {}", files.describe());
    let index: Index = parse_json(&files.read_small("index.json")?, &index_what)?;
    if index.schema_version != 2 {
        return Err(Error::invalid(
            &index_what,
            format!("schemaVersion {}", index.schema_version),
        ));
    }
    let listing = || -> Vec<String> {
        index
            .manifests
            .iter()
            .map(|d| match d.ref_name() {
                Some(t) => format!("{t} ({})", d.digest.short()),
                None => d.digest.to_string(),
            })
            .collect()
    };
    let index_digest = None;
    let desc: Descriptor = match selector {
        Some(Selector::Tag(t)) => index
            .manifests
            .iter()
            .find(|d| d.ref_name() == Some(t.as_str()))
            .or_else(|| {
                index.manifests.iter().find(|d| {
                    d.ref_name()
                        .is_some_and(|r| r.rsplit_once(':').is_some_and(|(_, tag)| tag == t))
                })
            })
            .cloned()
            .ok_or_else(|| Error::NotFound {
                what: format!("tag {t:?}"),
                source_name: files.describe(),
                available: listing(),
            })?,
        Some(Selector::Digest(d)) => match index.manifests.iter().find(|m| &m.digest == d) {
            Some(m) => m.clone(),
            None => {
                let size = files.size(&blob_name(d)).ok_or_else(|| Error::NotFound {
                    what: format!("digest {d}"),
                    source_name: files.describe(),
                    available: listing(),
                })?;
                Descriptor {
                    media_type: String::new(),
                    digest: d.clone(),
                    size,
                    platform: None,
                    annotations: Default::default(),
                    artifact_type: None,
                }
            }
        },
        None => {
            let images: Vec<&Descriptor> = index
                .manifests
                .iter()
                .filter(|d| !d.platform.as_ref().is_some_and(Platform::is_unknown))
                .collect();
            if images.len() == 1 {
                images[0].clone()
            } else if !images.is_empty() && images.iter().all(|d| d.platform.is_some()) {
                pick_platform(&index, opts, &index_what)?.clone()
            } else if images.is_empty() {
                return Err(Error::invalid(&index_what, "the layout holds no image"));
            } else {
                return Err(Error::NotFound {
                    what: "a single image (the layout holds several; add :TAG or @DIGEST)".into(),
                    source_name: files.describe(),
                    available: listing(),
                });
            }
        }
    };

    resolve(reference, files, desc, index_digest, opts)
}

/// Follows indexes (choosing by platform) down to a manifest and opens it.
fn resolve(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    desc: Descriptor,
    mut index_digest: Option<Digest>,
    opts: &OpenOptions,
) -> Result<Image> {
    let mut current = desc;
    for depth in 0..=MAX_INDEX_DEPTH {
        let what = if current.is_index() {
            "index"
        } else {
            "manifest"
        };
        let data = read_blob(files.as_ref(), &current.digest, Some(current.size), what)?;
        match classify(&data, &format!("{what} {}", current.digest))? {
            Doc::Index(idx) => {
                if depth == MAX_INDEX_DEPTH {
                    return Err(Error::Limit {
                        what: format!("index {}", current.digest),
                        reason: format!("indexes nested deeper than {MAX_INDEX_DEPTH}"),
                    });
                }
                let next = pick_platform(&idx, opts, &format!("index {}", current.digest))?.clone();
                index_digest = Some(current.digest.clone());
                current = next;
            }
            Doc::Manifest(m, mt) => {
                return image_from_manifest(
                    reference,
                    files,
                    *m,
                    mt,
                    current.digest,
                    index_digest,
                    opts,
                );
            }
        }
    }
    Err(Error::Limit {
        what: files.describe(),
        reason: "index nesting too deep".into(),
    })
}

fn image_from_manifest(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    m: Manifest,
    media_type: String,
    manifest_digest: Digest,
    index_digest: Option<Digest>,
    opts: &OpenOptions,
) -> Result<Image> {
    let cfg_data = read_blob(
        files.as_ref(),
        &m.config.digest,
        Some(m.config.size),
        "config",
    )?;
    let config: ImageConfig = parse_json(&cfg_data, &format!("config {}", m.config.digest))?;
    check_platform(&config, opts, &manifest_digest.to_string())?;
    let diff_ids = &config.rootfs.diff_ids;
    if !diff_ids.is_empty() && diff_ids.len() != m.layers.len() {
        return Err(Error::invalid(
            format!("manifest {manifest_digest}"),
            format!(
                "{} layers but the config lists {} diff_ids",
                m.layers.len(),
                diff_ids.len()
            ),
        ));
    }
    let history = layer_history(&config, m.layers.len());
    let layers = m
        .layers
        .iter()
        .enumerate()
        .map(|(i, d)| Layer {
            index: i,
            digest: Some(d.digest.clone()),
            diff_id: diff_ids.get(i).cloned(),
            media_type: d.media_type.clone(),
            size: d.size,
            history: history.get(i).copied().flatten(),
            file: blob_name(&d.digest),
        })
        .collect();
    Ok(Image {
        reference: reference.clone(),
        index_digest,
        manifest_digest: Some(manifest_digest),
        manifest_media_type: Some(media_type),
        config_file: Some(blob_name(&m.config.digest)),
        config_digest: Some(m.config.digest),
        config,
        layers,
        rootfs: None,
        files: Some(files),
    })
}

/// When a platform was asked for explicitly, a single image must be it.
fn check_platform(config: &ImageConfig, opts: &OpenOptions, what: &str) -> Result<()> {
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
fn layer_history(config: &ImageConfig, layers: usize) -> Vec<Option<usize>> {
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

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerManifestEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Vec<String>,
}

/// Tags compare equal with or without the implied `docker.io/library/`.
fn same_tag(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.strip_prefix("docker.io/").unwrap_or(s);
        let s = s.strip_prefix("library/").unwrap_or(s);
        if s.rsplit('/').next().is_some_and(|last| last.contains(':')) {
            s.to_owned()
        } else {
            format!("{s}:latest")
        }
    }
    norm(a) == norm(b)
}

fn digest_from_name(name: &str) -> Option<Digest> {
    let n = name.trim_start_matches("./");
    if let Some(rest) = n.strip_prefix("blobs/") {
        let (alg, hex) = rest.split_once('/')?;
        return format!("{alg}:{hex}").parse().ok();
    }
    let stem = n
        .strip_suffix(".json")
        .or_else(|| n.strip_suffix(".tar"))
        .unwrap_or(n);
    format!("sha256:{stem}").parse().ok()
}

fn open_docker(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    selector: Option<&Selector>,
    opts: &OpenOptions,
) -> Result<Image> {
    let what = format!("manifest.json in {}", files.describe());
    let entries: Vec<DockerManifestEntry> = parse_json(&files.read_small("manifest.json")?, &what)?;
    let tags = || -> Vec<String> {
        entries
            .iter()
            .flat_map(|e| e.repo_tags.clone().unwrap_or_default())
            .collect()
    };
    let entry = match selector {
        Some(Selector::Tag(t)) => entries
            .iter()
            .find(|e| e.repo_tags.iter().flatten().any(|rt| same_tag(rt, t)))
            .ok_or_else(|| Error::NotFound {
                what: format!("tag {t:?}"),
                source_name: files.describe(),
                available: tags(),
            })?,
        Some(Selector::Digest(d)) => entries
            .iter()
            .find(|e| digest_from_name(&e.config).as_ref() == Some(d))
            .ok_or_else(|| Error::NotFound {
                what: format!("image {d}"),
                source_name: files.describe(),
                available: tags(),
            })?,
        None => match entries.as_slice() {
            [one] => one,
            [] => return Err(Error::invalid(&what, "lists no image")),
            _ => {
                return Err(Error::NotFound {
                    what: "a single image (the archive holds several; add :NAME:TAG)".into(),
                    source_name: files.describe(),
                    available: tags(),
                });
            }
        },
    };
    let cfg_data = files.read_small(&entry.config)?;
    let config_digest = match digest_from_name(&entry.config) {
        Some(d) => {
            verify_bytes(&cfg_data, &d, None, "config")?;
            d
        }
        None => Digest::of(Algorithm::Sha256, &cfg_data),
    };
    let config: ImageConfig = parse_json(&cfg_data, &format!("config {}", entry.config))?;
    check_platform(&config, opts, &files.describe())?;
    let diff_ids = &config.rootfs.diff_ids;
    if diff_ids.len() != entry.layers.len() {
        return Err(Error::invalid(
            &what,
            format!(
                "{} layers but the config lists {} diff_ids",
                entry.layers.len(),
                diff_ids.len()
            ),
        ));
    }
    let history = layer_history(&config, entry.layers.len());
    let mut layers = Vec::new();
    for (i, name) in entry.layers.iter().enumerate() {
        let size = files.size(name).ok_or_else(|| Error::NotFound {
            what: format!("layer {i} ({name})"),
            source_name: files.describe(),
            available: Vec::new(),
        })?;
        layers.push(Layer {
            index: i,
            digest: name
                .starts_with("blobs/")
                .then(|| digest_from_name(name))
                .flatten(),
            diff_id: diff_ids.get(i).cloned(),
            media_type: media_type::DOCKER_LAYER.to_owned(),
            size,
            history: history.get(i).copied().flatten(),
            file: name.clone(),
        });
    }
    // Docker 25+ archives also carry an OCI index naming the manifest.
    let (manifest_digest, manifest_media_type) =
        docker_manifest_digest(files.as_ref(), &config_digest)
            .map_or((None, None), |(d, mt)| (Some(d), Some(mt)));
    Ok(Image {
        reference: reference.clone(),
        index_digest: None,
        manifest_digest,
        manifest_media_type,
        config_digest: Some(config_digest),
        config,
        layers,
        rootfs: None,
        files: Some(files),
        config_file: Some(entry.config.clone()),
    })
}

/// Finds, in a Docker 25+ archive's index.json, the manifest whose config
/// is `config`.
fn docker_manifest_digest(files: &dyn Files, config: &Digest) -> Option<(Digest, String)> {
    let index: Index = serde_json::from_slice(&files.read_small("index.json").ok()?).ok()?;
    let mut queue: Vec<Descriptor> = index.manifests;
    let mut seen = 0;
    while let Some(d) = queue.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        let data = read_blob(files, &d.digest, Some(d.size), "manifest").ok()?;
        match classify(&data, "manifest").ok()? {
            Doc::Index(i) => queue.extend(i.manifests),
            Doc::Manifest(m, mt) if &m.config.digest == config => return Some((d.digest, mt)),
            Doc::Manifest(..) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_with_implied_registry() {
        assert!(same_tag("docker.io/library/alpine:3", "alpine:3"));
        assert!(same_tag("alpine", "alpine:latest"));
        assert!(!same_tag("alpine:3", "alpine:4"));
        assert!(same_tag("localhost:5000/app", "localhost:5000/app:latest"));
    }
}
