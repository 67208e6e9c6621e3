//! Builds container images of any shape, without a container engine, for
//! bosun's tests and benchmarks: OCI layouts (single images and nested
//! multi-platform indexes), OCI archives and docker archives, with gzip,
//! zstd or uncompressed layers, and deliberate damage when a test needs it;
//! and ([`need`]) finds the shared data and external tools tests need.

#![allow(missing_docs, clippy::unwrap_used)]

pub mod example;
pub mod need;
pub mod tar;
pub mod vulnapp;

use std::fs;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

pub use crate::need::{
    cyclonedx_schema, missing_data, missing_tool, require_probe, require_tool, require_tools,
    shared_data, syft_binary,
};
pub use crate::tar::{Kind, TarWriter};

/// Layer compression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Plain tar.
    None,
    /// gzip.
    Gzip,
    /// zstd.
    Zstd,
}

impl Compression {
    fn media_type(self) -> &'static str {
        match self {
            Compression::None => "application/vnd.oci.image.layer.v1.tar",
            Compression::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
            Compression::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
        }
    }

    /// Compresses `data`.
    pub fn compress(self, data: &[u8]) -> Vec<u8> {
        match self {
            Compression::None => data.to_vec(),
            Compression::Gzip => {
                let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
                e.write_all(data).unwrap();
                e.finish().unwrap()
            }
            Compression::Zstd => zstd::encode_all(data, 3).unwrap(),
        }
    }
}

/// `sha256:<hex>` of `data`.
pub fn sha256(data: &[u8]) -> String {
    format!("sha256:{}", hex(&Sha256::digest(data)))
}

/// One layer: an uncompressed tar and how to store it.
#[derive(Debug, Clone)]
pub struct Layer {
    pub tar: Vec<u8>,
    pub compression: Compression,
    pub created_by: String,
}

impl Layer {
    /// A gzip layer from a finished tar.
    pub fn new(tar: Vec<u8>) -> Self {
        Self {
            tar,
            compression: Compression::Gzip,
            created_by: "/bin/sh -c #(nop) ADD file".to_owned(),
        }
    }

    /// A layer built by `f` on a fresh [`TarWriter`].
    pub fn build(f: impl FnOnce(&mut TarWriter<Vec<u8>>) -> io::Result<()>) -> Self {
        let mut w = TarWriter::new(Vec::new());
        f(&mut w).unwrap();
        Self::new(w.finish().unwrap())
    }

    /// Sets the compression.
    pub fn compression(mut self, c: Compression) -> Self {
        self.compression = c;
        self
    }

    /// Sets the history step that made it.
    pub fn created_by(mut self, s: &str) -> Self {
        self.created_by = s.to_owned();
        self
    }
}

/// A history step, with or without a layer.
#[derive(Debug, Clone)]
enum Step {
    Layer(Layer),
    Empty(String),
}

/// An image to write: layers, configuration and platform.
#[derive(Debug, Clone)]
pub struct ImageSpec {
    steps: Vec<Step>,
    pub os: String,
    pub arch: String,
    pub variant: Option<String>,
    /// The `config` object of the image configuration.
    pub config: Value,
    /// Docker media types instead of OCI ones.
    pub docker_media_types: bool,
}

impl Default for ImageSpec {
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            os: "linux".into(),
            arch: "amd64".into(),
            variant: None,
            config: json!({}),
            docker_media_types: false,
        }
    }
}

impl ImageSpec {
    /// An empty linux/amd64 image.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a layer.
    pub fn layer(mut self, l: Layer) -> Self {
        self.steps.push(Step::Layer(l));
        self
    }

    /// Adds a history step with no layer (`ENV`, `CMD`…).
    pub fn empty_step(mut self, created_by: &str) -> Self {
        self.steps.push(Step::Empty(created_by.to_owned()));
        self
    }

    /// Sets the platform.
    pub fn platform(mut self, os: &str, arch: &str, variant: Option<&str>) -> Self {
        self.os = os.into();
        self.arch = arch.into();
        self.variant = variant.map(Into::into);
        self
    }

    /// Sets one key of the `config` object.
    pub fn config(mut self, key: &str, value: Value) -> Self {
        self.config[key] = value;
        self
    }

    fn layers(&self) -> impl Iterator<Item = &Layer> {
        self.steps.iter().filter_map(|s| match s {
            Step::Layer(l) => Some(l),
            Step::Empty(_) => None,
        })
    }

    /// The image configuration JSON and the layers' diff_ids.
    pub fn config_json(&self) -> (Vec<u8>, Vec<String>) {
        let diff_ids: Vec<String> = self.layers().map(|l| sha256(&l.tar)).collect();
        let history: Vec<Value> = self
            .steps
            .iter()
            .map(|s| match s {
                Step::Layer(l) => {
                    json!({"created": "2024-01-01T00:00:00Z", "created_by": l.created_by})
                }
                Step::Empty(c) => {
                    json!({"created": "2024-01-01T00:00:00Z", "created_by": c, "empty_layer": true})
                }
            })
            .collect();
        let mut cfg = json!({
            "created": "2024-01-01T00:00:00Z",
            "architecture": self.arch,
            "os": self.os,
            "config": self.config,
            "rootfs": {"type": "layers", "diff_ids": diff_ids},
            "history": history,
        });
        if let Some(v) = &self.variant {
            cfg["variant"] = json!(v);
        }
        (serde_json::to_vec(&cfg).unwrap(), diff_ids)
    }
}

/// What was written for one image.
#[derive(Debug, Clone)]
pub struct Built {
    pub manifest_digest: String,
    pub manifest_size: u64,
    pub config_digest: String,
    pub layer_digests: Vec<String>,
    pub diff_ids: Vec<String>,
}

/// An OCI image layout under construction.
pub struct OciLayout {
    pub dir: PathBuf,
    index: Vec<Value>,
}

impl OciLayout {
    /// Creates (or reuses) the layout directory.
    pub fn create(dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        fs::create_dir_all(dir.join("blobs/sha256")).unwrap();
        fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
        Self {
            dir,
            index: Vec::new(),
        }
    }

    /// Stores a blob and returns its digest.
    pub fn blob(&self, data: &[u8]) -> String {
        let d = sha256(data);
        let path = self.blob_path(&d);
        fs::write(path, data).unwrap();
        d
    }

    /// Path of a blob by digest.
    pub fn blob_path(&self, digest: &str) -> PathBuf {
        let (alg, hex) = digest.split_once(':').unwrap();
        self.dir.join("blobs").join(alg).join(hex)
    }

    /// Writes an image's blobs and manifest, without listing it in index.json.
    pub fn write_image(&self, spec: &ImageSpec) -> Built {
        let (config, diff_ids) = spec.config_json();
        let config_digest = self.blob(&config);
        let mut layers = Vec::new();
        let mut layer_digests = Vec::new();
        for l in spec.layers() {
            let data = l.compression.compress(&l.tar);
            let d = self.blob(&data);
            let mt = if spec.docker_media_types {
                match l.compression {
                    Compression::Gzip => "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    Compression::None => "application/vnd.docker.image.rootfs.diff.tar",
                    Compression::Zstd => "application/vnd.docker.image.rootfs.diff.tar.zstd",
                }
            } else {
                l.compression.media_type()
            };
            layers.push(json!({"mediaType": mt, "digest": d, "size": data.len()}));
            layer_digests.push(d);
        }
        let (mt, cmt) = if spec.docker_media_types {
            (
                "application/vnd.docker.distribution.manifest.v2+json",
                "application/vnd.docker.container.image.v1+json",
            )
        } else {
            (
                "application/vnd.oci.image.manifest.v1+json",
                "application/vnd.oci.image.config.v1+json",
            )
        };
        let manifest = json!({
            "schemaVersion": 2,
            "mediaType": mt,
            "config": {"mediaType": cmt, "digest": config_digest, "size": config.len()},
            "layers": layers,
        });
        let bytes = serde_json::to_vec_pretty(&manifest).unwrap();
        let manifest_digest = self.blob(&bytes);
        Built {
            manifest_digest,
            manifest_size: bytes.len() as u64,
            config_digest,
            layer_digests,
            diff_ids,
        }
    }

    /// Writes an image and lists it in index.json under `tag`.
    pub fn add_image(&mut self, spec: &ImageSpec, tag: Option<&str>) -> Built {
        let b = self.write_image(spec);
        let mut desc = json!({
            "mediaType": if spec.docker_media_types {"application/vnd.docker.distribution.manifest.v2+json"} else {"application/vnd.oci.image.manifest.v1+json"},
            "digest": b.manifest_digest,
            "size": b.manifest_size,
        });
        if let Some(t) = tag {
            desc["annotations"] = json!({"org.opencontainers.image.ref.name": t});
        }
        self.index.push(desc);
        b
    }

    /// Writes a multi-platform image index (a nested index) listed under `tag`.
    pub fn add_index(&mut self, specs: &[ImageSpec], tag: Option<&str>) -> (String, Vec<Built>) {
        let mut manifests = Vec::new();
        let mut built = Vec::new();
        for s in specs {
            let b = self.write_image(s);
            let mut platform = json!({"os": s.os, "architecture": s.arch});
            if let Some(v) = &s.variant {
                platform["variant"] = json!(v);
            }
            manifests.push(json!({
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "digest": b.manifest_digest, "size": b.manifest_size, "platform": platform,
            }));
            built.push(b);
        }
        let index = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests});
        let bytes = serde_json::to_vec(&index).unwrap();
        let d = self.blob(&bytes);
        let mut desc = json!({"mediaType": "application/vnd.oci.image.index.v1+json", "digest": d, "size": bytes.len()});
        if let Some(t) = tag {
            desc["annotations"] = json!({"org.opencontainers.image.ref.name": t});
        }
        self.index.push(desc);
        (d, built)
    }

    /// Adds a raw descriptor to index.json.
    pub fn push_descriptor(&mut self, desc: Value) {
        self.index.push(desc);
    }

    /// Writes index.json.
    pub fn finish(self) -> PathBuf {
        let index = json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": self.index});
        fs::write(
            self.dir.join("index.json"),
            serde_json::to_vec_pretty(&index).unwrap(),
        )
        .unwrap();
        self.dir
    }
}

/// A layer written straight to the layout by [`OciLayout::streamed_layer`].
#[derive(Debug, Clone)]
pub struct StreamedLayer {
    pub digest: String,
    pub size: u64,
    pub diff_id: String,
    pub created_by: String,
}

impl OciLayout {
    /// Streams a gzip layer produced by `fill` into the layout, never
    /// holding the uncompressed tar in memory (for images of millions of
    /// entries).
    pub fn streamed_layer(
        &self,
        created_by: &str,
        fill: impl FnOnce(&mut TarWriter<&mut dyn Write>) -> io::Result<()>,
    ) -> io::Result<StreamedLayer> {
        let (digest, size, diff_id) = streamed(self, fill)?;
        Ok(StreamedLayer {
            digest,
            size,
            diff_id,
            created_by: created_by.to_owned(),
        })
    }

    /// Writes config and manifest for streamed layers and lists the image
    /// under `tag`.
    pub fn add_streamed_image(&mut self, layers: &[StreamedLayer], tag: &str) -> String {
        let config = json!({
            "architecture": "amd64", "os": "linux", "config": {},
            "rootfs": {"type": "layers", "diff_ids": layers.iter().map(|l| &l.diff_id).collect::<Vec<_>>()},
            "history": layers.iter().map(|l| json!({"created_by": l.created_by})).collect::<Vec<_>>(),
        });
        let cfg = serde_json::to_vec(&config).unwrap();
        let cfg_digest = self.blob(&cfg);
        let manifest = json!({
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": cfg.len()},
            "layers": layers.iter().map(|l| json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": l.digest, "size": l.size})).collect::<Vec<_>>(),
        });
        let m = serde_json::to_vec(&manifest).unwrap();
        let md = self.blob(&m);
        self.push_descriptor(json!({
            "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": m.len(),
            "annotations": {"org.opencontainers.image.ref.name": tag},
        }));
        md
    }
}

/// Hashes and counts what passes through to `W`.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    n: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Writes one gzip layer produced by `fill`; returns (digest, size, diff_id).
fn streamed(
    layout: &OciLayout,
    fill: impl FnOnce(&mut TarWriter<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<(String, u64, String)> {
    let tmp = layout.dir.join("blobs/sha256/.tmp-layer");
    let file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    let mut outer = Hashing {
        inner: file,
        hash: Sha256::new(),
        n: 0,
    };
    let diff_id;
    {
        let gz = flate2::write::GzEncoder::new(&mut outer, flate2::Compression::new(6));
        let mut inner = Hashing {
            inner: BufWriter::with_capacity(1 << 20, gz),
            hash: Sha256::new(),
            n: 0,
        };
        {
            let w: &mut dyn Write = &mut inner;
            let mut t = TarWriter::new(w);
            fill(&mut t)?;
            t.finish()?;
        }
        diff_id = format!("sha256:{}", hex(&inner.hash.clone().finalize()));
        let gz = inner.inner.into_inner().map_err(|e| e.into_error())?;
        gz.finish()?;
    }
    outer.flush()?;
    let digest = format!("sha256:{}", hex(&outer.hash.finalize()));
    let size = outer.n;
    std::fs::rename(&tmp, layout.blob_path(&digest))?;
    Ok((digest, size, diff_id))
}

/// Writes a single-image OCI layout at `dir` tagged `tag`.
pub fn oci_layout(dir: &Path, spec: &ImageSpec, tag: &str) -> Built {
    let mut l = OciLayout::create(dir);
    let b = l.add_image(spec, Some(tag));
    l.finish();
    b
}

/// Packs a directory tree into a tar file (for OCI archives).
pub fn tar_directory(dir: &Path, out: &Path) {
    let mut w = TarWriter::new(fs::File::create(out).unwrap());
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(dir.join(&rel))
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let r = rel.join(e.file_name());
            let name = r.to_str().unwrap().to_owned();
            if e.file_type().unwrap().is_dir() {
                w.dir(&format!("{name}/")).unwrap();
                stack.push(r);
            } else {
                w.file(&name, &fs::read(e.path()).unwrap()).unwrap();
            }
        }
    }
    w.finish().unwrap().flush().unwrap();
}

/// Writes a legacy `docker save` archive (manifest.json, repositories,
/// `<id>/layer.tar`) of `spec` tagged `repo_tag` (e.g. `app:1.0`).
pub fn docker_archive(out: &Path, spec: &ImageSpec, repo_tag: &str) -> Built {
    let (config, diff_ids) = spec.config_json();
    let config_digest = sha256(&config);
    let config_hex = config_digest.trim_start_matches("sha256:").to_owned();
    let mut w = TarWriter::new(fs::File::create(out).unwrap());
    w.file(&format!("{config_hex}.json"), &config).unwrap();
    let mut layer_paths = Vec::new();
    for (l, d) in spec.layers().zip(&diff_ids) {
        let id = d.trim_start_matches("sha256:");
        w.dir(&format!("{id}/")).unwrap();
        w.file(&format!("{id}/VERSION"), b"1.0").unwrap();
        w.file(&format!("{id}/json"), br#"{}"#).unwrap();
        w.file(&format!("{id}/layer.tar"), &l.tar).unwrap();
        layer_paths.push(format!("{id}/layer.tar"));
    }
    let manifest = json!([{"Config": format!("{config_hex}.json"), "RepoTags": [repo_tag], "Layers": layer_paths}]);
    w.file("manifest.json", &serde_json::to_vec(&manifest).unwrap())
        .unwrap();
    let (repo, tag) = repo_tag.rsplit_once(':').unwrap_or((repo_tag, "latest"));
    let last = diff_ids
        .last()
        .map(|d| d.trim_start_matches("sha256:").to_owned())
        .unwrap_or_default();
    w.file(
        "repositories",
        &serde_json::to_vec(&json!({repo: {tag: last}})).unwrap(),
    )
    .unwrap();
    w.finish().unwrap().flush().unwrap();
    Built {
        manifest_digest: String::new(),
        manifest_size: 0,
        config_digest,
        layer_digests: diff_ids.clone(),
        diff_ids,
    }
}

/// Writes a Docker 25+ `docker save` archive: an OCI layout (plain-tar
/// layers, an index naming the manifest) plus `manifest.json` whose paths
/// point into `blobs/`.
pub fn docker_archive_oci(out: &Path, spec: &ImageSpec, repo_tag: &str) -> Built {
    let tmp = out.with_extension("layout.tmp");
    let _ = fs::remove_dir_all(&tmp);
    let mut plain = spec.clone();
    for s in &mut plain.steps {
        if let Step::Layer(l) = s {
            l.compression = Compression::None;
        }
    }
    let mut layout = OciLayout::create(&tmp);
    let b = layout.add_image(&plain, Some(repo_tag));
    layout.finish();
    let blob = |d: &str| format!("blobs/sha256/{}", d.trim_start_matches("sha256:"));
    let manifest = json!([{
        "Config": blob(&b.config_digest),
        "RepoTags": [repo_tag],
        "Layers": b.layer_digests.iter().map(|d| blob(d)).collect::<Vec<_>>(),
    }]);
    fs::write(
        tmp.join("manifest.json"),
        serde_json::to_vec(&manifest).unwrap(),
    )
    .unwrap();
    tar_directory(&tmp, out);
    let _ = fs::remove_dir_all(&tmp);
    b
}
