//! Docker archives (`docker-archive:FILE[:NAME:TAG]`), what `docker save`
//! writes and `docker load` reads: `manifest.json` naming, per image, a
//! configuration file and uncompressed layer tars.
//!
//! They keep no registry manifest, so as with skopeo the manifest digest
//! cannot survive a copy through one: copying into an archive keeps the
//! image id (the configuration's digest) and the diff_ids, and copying out
//! of one builds a new manifest over the layers as they are stored. (Docker
//! 25+ archives also hold an OCI layout with the original manifest; `copy`
//! uses that instead when it is there.)

use std::fs;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use bosun_image::spec::media_type;
use bosun_image::{Algorithm, Digest, Hasher, Image};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::pull::Document;
use crate::tar_write;

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Entry {
    config: String,
    repo_tags: Vec<String>,
    layers: Vec<String>,
}

/// `NAME` with the `:latest` that `docker load` would assume made explicit.
fn full_tag(t: &str) -> String {
    let last = t.rsplit('/').next().unwrap_or(t);
    if last.contains(':') {
        t.to_owned()
    } else {
        format!("{t}:latest")
    }
}

/// Writes `image` as a single-image docker archive at `out` (replacing
/// it), tagged `repo_tag` if given. Layers are decompressed, checked
/// against their diff_ids and stored as `<diff_id hex>.tar`, the
/// configuration as `<id hex>.json`, as skopeo writes them. Returns the
/// number of distinct layer files written.
pub(crate) fn write(image: &Image, out: &Path, repo_tag: Option<&str>) -> Result<usize> {
    let what = image.reference.to_string();
    let (config, config_digest) = config(image)?;
    let mut w = tar_write::beside(out)?;
    let io_err = |e| Error::io(out, e);
    let mut names = Vec::new();
    let mut written = 0;
    for (i, layer) in image.layers.iter().enumerate() {
        let diff_id = layer
            .diff_id
            .as_ref()
            .ok_or_else(|| Error::invalid(&what, format!("layer {i} has no diff_id")))?;
        let name = format!("{}.tar", diff_id.hex());
        // The same layer twice in one image is stored once.
        if !names.contains(&name) {
            let mut stream = image.open_layer(i, None)?;
            w.file_streamed(&name, &mut stream).map_err(io_err)?;
            stream.finish()?;
            written += 1;
        }
        names.push(name);
    }
    let config_name = format!("{}.json", config_digest.hex());
    w.file(&config_name, config.len() as u64, &mut config.as_slice())
        .map_err(io_err)?;
    let manifest = vec![Entry {
        config: config_name,
        repo_tags: repo_tag.map(full_tag).into_iter().collect(),
        layers: names,
    }];
    let bytes = serde_json::to_vec(&manifest).map_err(|e| Error::invalid(&what, e.to_string()))?;
    w.file("manifest.json", bytes.len() as u64, &mut bytes.as_slice())
        .map_err(io_err)?;
    tar_write::commit(w, out)?;
    Ok(written)
}

/// The configuration as stored, and its digest.
fn config(image: &Image) -> Result<(Vec<u8>, Digest)> {
    let bytes = image.config_bytes()?;
    let digest = image
        .config_digest
        .clone()
        .ok_or_else(|| Error::invalid(image.reference.to_string(), "no configuration digest"))?;
    Ok((bytes, digest))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Desc {
    media_type: &'static str,
    size: u64,
    digest: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest {
    schema_version: u32,
    media_type: &'static str,
    config: Desc,
    layers: Vec<Desc>,
}

/// Copies the blobs of `image` (opened from a docker archive) into the blob
/// directory of the layout at `dir`, and returns the manifest it builds
/// for them, also stored there: an OCI manifest when `oci` (for layouts),
/// else a Docker schema 2 one (for registries, as skopeo does). Layers keep
/// their stored bytes; their media types say how they are compressed.
pub(crate) fn stage(image: &Image, dir: &Path, oci: bool) -> Result<Document> {
    let what = image.reference.to_string();
    let (config, config_digest) = config(image)?;
    store(dir, &config_digest, &config)?;
    let mut layers = Vec::new();
    for (i, layer) in image.layers.iter().enumerate() {
        let (digest, size, head) = store_stream(dir, &mut image.open_layer_blob(i)?)?;
        if size != layer.size {
            return Err(Error::SizeMismatch {
                what: format!("{what} layer {i}"),
                expected: layer.size,
                actual: size,
            });
        }
        let compressed = if head.starts_with(&[0x1f, 0x8b]) {
            Some(true)
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Some(false)
        } else {
            None
        };
        match (compressed, &layer.diff_id) {
            // A plain tar is its own diff_id: check it now.
            (None, Some(d)) if d != &digest => {
                return Err(Error::DigestMismatch {
                    what: format!("{what} layer {i} (diff_id)"),
                    expected: d.to_string(),
                    actual: digest.to_string(),
                });
            }
            (None, _) => {}
            // Compressed ones (Docker's containerd store saves them so)
            // are checked by decompressing.
            (Some(_), _) => {
                image.open_layer(i, None)?.finish()?;
            }
        }
        let media_type = match (compressed, oci) {
            (None, true) => media_type::OCI_LAYER,
            (Some(true), true) => media_type::OCI_LAYER_GZIP,
            (Some(false), true) => media_type::OCI_LAYER_ZSTD,
            (None, false) => media_type::DOCKER_LAYER,
            (Some(true), false) => media_type::DOCKER_LAYER_GZIP,
            (Some(false), false) => media_type::DOCKER_LAYER_ZSTD,
        };
        layers.push(Desc {
            media_type,
            size,
            digest: digest.to_string(),
        });
    }
    let (manifest_type, config_type) = if oci {
        (media_type::OCI_MANIFEST, media_type::OCI_CONFIG)
    } else {
        (media_type::DOCKER_MANIFEST, media_type::DOCKER_CONFIG)
    };
    let m = Manifest {
        schema_version: 2,
        media_type: manifest_type,
        config: Desc {
            media_type: config_type,
            size: config.len() as u64,
            digest: config_digest.to_string(),
        },
        layers,
    };
    let bytes = serde_json::to_vec(&m).map_err(|e| Error::invalid(&what, e.to_string()))?;
    let digest = Digest::of(Algorithm::Sha256, &bytes);
    store(dir, &digest, &bytes)?;
    Ok(Document {
        digest,
        media_type: manifest_type.to_owned(),
        bytes,
    })
}

fn blob_path(dir: &Path, d: &Digest) -> PathBuf {
    dir.join("blobs").join(d.algorithm().name()).join(d.hex())
}

fn store(dir: &Path, d: &Digest, bytes: &[u8]) -> Result<()> {
    let p = blob_path(dir, d);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    fs::write(&p, bytes).map_err(|e| Error::io(&p, e))
}

/// Streams a blob into `dir`'s blob store, hashing it on the way. Returns
/// its digest, size and first bytes (to detect compression).
fn store_stream(dir: &Path, r: &mut dyn Read) -> Result<(Digest, u64, Vec<u8>)> {
    let blobs = dir.join("blobs").join("sha256");
    fs::create_dir_all(&blobs).map_err(|e| Error::io(&blobs, e))?;
    let tmp = tempfile::NamedTempFile::new_in(&blobs).map_err(|e| Error::io(&blobs, e))?;
    let mut out = BufWriter::with_capacity(256 << 10, tmp);
    let mut r = BufReader::with_capacity(256 << 10, r);
    let mut hasher = Hasher::new(Algorithm::Sha256);
    let mut head = Vec::new();
    let mut size = 0u64;
    loop {
        let buf = io::BufRead::fill_buf(&mut r).map_err(|e| Error::io(&blobs, e))?;
        if buf.is_empty() {
            break;
        }
        if head.len() < 4 {
            head.extend(buf.iter().take(4 - head.len()));
        }
        hasher.update(buf);
        out.write_all(buf).map_err(|e| Error::io(&blobs, e))?;
        let n = buf.len();
        size += n as u64;
        io::BufRead::consume(&mut r, n);
    }
    let digest = hasher.finish();
    let tmp = out
        .into_inner()
        .map_err(|e| Error::io(&blobs, e.into_error()))?;
    let to = blob_path(dir, &digest);
    tmp.persist(&to).map_err(|e| Error::io(&to, e.error))?;
    Ok((digest, size, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_get_latest() {
        assert_eq!(full_tag("app"), "app:latest");
        assert_eq!(full_tag("localhost:5000/app"), "localhost:5000/app:latest");
        assert_eq!(full_tag("a/b:1"), "a/b:1");
    }
}
