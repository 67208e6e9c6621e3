//! Copies between registries, OCI layouts and archives. Between registries
//! and OCI layouts or archives the copy is byte for byte, so the manifest
//! digest is kept; between two repositories of one registry, blobs are
//! mounted rather than downloaded and uploaded again. Docker archives keep
//! no manifest (see [`crate::docker_archive`]).

use std::fs;
use std::path::{Path, PathBuf};

use bosun_image::spec::{REF_NAME, media_type};
use bosun_image::{Digest, Image, ImageRef, OpenOptions, Platform, Selector};

use crate::cache::BlobCache;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::pull::{
    Document, MAX_MANIFEST, PullOptions, blobs_of, detect_media_type, parallel, select,
};
use crate::push::BlobPush;
use crate::reference::Reference;
use crate::{docker_archive, oci_archive};

/// What to copy.
#[derive(Debug, Clone, Default)]
pub struct CopyOptions {
    /// Every platform of an index, keeping the index's digest. Without it,
    /// an index is reduced to the manifest for `platform`.
    pub all_platforms: bool,
    /// The platform to take from an index (`None`: linux/amd64).
    pub platform: Option<Platform>,
}

/// What a copy did.
#[derive(Debug, Clone)]
pub struct CopyReport {
    /// Digest of the document written at the destination (the source's,
    /// unchanged). For a docker archive, which holds no manifest, the
    /// image id (the configuration's digest).
    pub digest: Digest,
    /// Its media type.
    pub media_type: String,
    /// Manifests and indexes written.
    pub manifests: usize,
    /// Blobs uploaded or written.
    pub blobs_copied: usize,
    /// Blobs mounted from the source repository.
    pub blobs_mounted: usize,
    /// Blobs the destination had already.
    pub blobs_existing: usize,
}

enum Endpoint {
    Registry(Reference),
    Layout {
        dir: PathBuf,
        selector: Option<Selector>,
    },
}

fn endpoint(r: &ImageRef) -> Result<Endpoint> {
    match r {
        ImageRef::Registry(s) => Ok(Endpoint::Registry(Reference::parse(s)?)),
        ImageRef::OciLayout { path, selector } => Ok(Endpoint::Layout {
            dir: path.clone(),
            selector: selector.clone(),
        }),
        other => Err(Error::Config(format!(
            "copy supports registry, oci:, oci-archive: and docker-archive: references, not {}:",
            other.transport()
        ))),
    }
}

/// Scratch directories under the cache (so blobs hard-link rather than
/// copy), removed when the copy ends.
struct Scratch<'a> {
    cache: &'a BlobCache,
    dirs: Vec<tempfile::TempDir>,
}

impl Scratch<'_> {
    fn dir(&mut self) -> Result<PathBuf> {
        let parent = self.cache.root().join("tmp");
        fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let d = tempfile::Builder::new()
            .prefix("copy-")
            .tempdir_in(&parent)
            .map_err(|e| Error::io(&parent, e))?;
        let p = d.path().to_path_buf();
        self.dirs.push(d);
        Ok(p)
    }
}

/// Copies the image `src` names to `dst`: registries, OCI layouts
/// (`oci:`), OCI archives (`oci-archive:`, replaced if they exist) and
/// docker archives (`docker-archive:`, replaced too; one platform only).
pub fn copy(
    client: &Client,
    cache: &BlobCache,
    src: &ImageRef,
    dst: &ImageRef,
    opts: &CopyOptions,
) -> Result<CopyReport> {
    let mut scratch = Scratch {
        cache,
        dirs: Vec::new(),
    };
    if let ImageRef::DockerArchive { path, selector } = dst {
        return to_docker_archive(client, cache, src, path, selector.as_ref(), opts);
    }
    let name = src.to_string();
    let oci_dest = !matches!(dst, ImageRef::Registry(_));
    let src = as_layout(src, opts, oci_dest, &mut scratch)?;
    match dst {
        ImageRef::OciArchive { path, selector } => {
            let dir = scratch.dir()?;
            let layout = ImageRef::OciLayout {
                path: dir.clone(),
                selector: selector.clone(),
            };
            let report = copy_direct(client, cache, &name, &src, &layout, opts)?;
            oci_archive::pack(&dir, path)?;
            Ok(report)
        }
        _ => copy_direct(client, cache, &name, &src, dst, opts),
    }
}

/// Turns an archive source into a layout the copy reads like any other.
fn as_layout(
    src: &ImageRef,
    opts: &CopyOptions,
    oci_dest: bool,
    scratch: &mut Scratch<'_>,
) -> Result<ImageRef> {
    match src {
        ImageRef::OciArchive { path, selector } => {
            let dir = scratch.dir()?;
            oci_archive::unpack(path, &dir)?;
            Ok(ImageRef::OciLayout {
                path: dir,
                selector: selector.clone(),
            })
        }
        ImageRef::DockerArchive { path, .. } => {
            let image = Image::open(
                src,
                &OpenOptions {
                    platform: opts.platform.clone(),
                },
            )?;
            // Docker 25+ archives hold the original manifest in an OCI
            // layout: copying from it keeps the digest.
            if let Some(d) = image.manifest_digest.clone() {
                let dir = if path.is_dir() {
                    path.clone()
                } else {
                    let dir = scratch.dir()?;
                    oci_archive::unpack(path, &dir)?;
                    dir
                };
                return Ok(ImageRef::OciLayout {
                    path: dir,
                    selector: Some(Selector::Digest(d)),
                });
            }
            let dir = scratch.dir()?;
            let doc = docker_archive::stage(&image, &dir, oci_dest)?;
            add_to_index(&dir, &doc, None)?;
            Ok(ImageRef::OciLayout {
                path: dir,
                selector: Some(Selector::Digest(doc.digest)),
            })
        }
        other => Ok(other.clone()),
    }
}

fn to_docker_archive(
    client: &Client,
    cache: &BlobCache,
    src: &ImageRef,
    path: &Path,
    selector: Option<&Selector>,
    opts: &CopyOptions,
) -> Result<CopyReport> {
    if opts.all_platforms {
        return Err(Error::Config(
            "a docker archive holds one platform: choose it with --platform instead of --all-platforms"
                .into(),
        ));
    }
    let tag = match selector {
        Some(Selector::Tag(t)) => Some(t.as_str()),
        Some(Selector::Digest(_)) => {
            return Err(Error::Config(
                "a docker-archive: destination takes FILE[:NAME:TAG], not a digest".into(),
            ));
        }
        None => None,
    };
    let open_opts = OpenOptions {
        platform: opts.platform.clone(),
    };
    let image = match src {
        ImageRef::Registry(r) => crate::open::open_image(client, cache, r, &open_opts)?.0,
        other => Image::open(other, &open_opts)?,
    };
    let layers = docker_archive::write(&image, path, tag)?;
    let digest = image
        .config_digest
        .clone()
        .ok_or_else(|| Error::invalid(src.to_string(), "no configuration"))?;
    Ok(CopyReport {
        digest,
        media_type: media_type::DOCKER_CONFIG.to_owned(),
        manifests: 0,
        blobs_copied: layers + 1,
        blobs_mounted: 0,
        blobs_existing: 0,
    })
}

/// Copies between registries and layouts; `name` is the source as the
/// user gave it, for messages.
fn copy_direct(
    client: &Client,
    cache: &BlobCache,
    name: &str,
    src: &ImageRef,
    dst: &ImageRef,
    opts: &CopyOptions,
) -> Result<CopyReport> {
    let src_ep = endpoint(src)?;
    let dst_ep = endpoint(dst)?;
    let platform = opts.platform.clone().unwrap_or_default();
    let want = if opts.all_platforms {
        None
    } else {
        Some(&platform)
    };
    let mut docs = Vec::new();
    // Where the blobs of the source are read from.
    let blob_root: PathBuf;
    let mut mount_from: Option<Reference> = None;
    match &src_ep {
        Endpoint::Registry(r) => {
            let same_registry =
                matches!(&dst_ep, Endpoint::Registry(d) if d.registry() == r.registry());
            let pulled = client.pull(
                r,
                cache,
                &PullOptions {
                    platform: opts.platform.clone(),
                    all_platforms: opts.all_platforms,
                    manifests_only: same_registry,
                },
            )?;
            docs = pulled.documents;
            blob_root = cache.root().to_path_buf();
            if same_registry {
                mount_from = Some(r.clone());
            }
        }
        Endpoint::Layout { dir, selector } => {
            let top = layout_top(dir, selector.as_ref())?;
            let get = |d: &Digest| read_layout_doc(dir, d);
            let top = get(&top)?;
            select(&top, &get, want, name, 0, &mut docs)?;
            blob_root = dir.clone();
        }
    }
    // Without --all-platforms the copy is the selected manifest alone.
    if !opts.all_platforms
        && let Some(last) = docs.pop()
    {
        docs = vec![last];
    }
    let top = docs
        .first()
        .cloned()
        .ok_or_else(|| Error::invalid(name, "nothing to copy"))?;
    let blobs = blobs_of(&docs)?;
    let mut report = CopyReport {
        digest: top.digest.clone(),
        media_type: top.media_type.clone(),
        manifests: docs.len(),
        blobs_copied: 0,
        blobs_mounted: 0,
        blobs_existing: 0,
    };
    let blob_path =
        |root: &Path, d: &Digest| root.join("blobs").join(d.algorithm().name()).join(d.hex());
    match &dst_ep {
        Endpoint::Registry(dr) => {
            let src_ref = match &src_ep {
                Endpoint::Registry(r) => Some(r),
                Endpoint::Layout { .. } => None,
            };
            let hows = parallel(client.opts.concurrency, &blobs, |b| {
                let fetch = || -> Result<PathBuf> {
                    let p = blob_path(&blob_root, &b.digest);
                    if !p.is_file()
                        && let Some(r) = src_ref
                    {
                        client.fetch_blob(r, cache, b)?;
                    }
                    if p.is_file() {
                        Ok(p)
                    } else {
                        Err(Error::invalid(
                            name,
                            format!("blob {} is missing", b.digest),
                        ))
                    }
                };
                client.push_blob(
                    dr,
                    &b.digest,
                    b.size,
                    mount_from.as_ref().map(Reference::repository),
                    &fetch,
                )
            })?;
            for how in hows {
                match how {
                    BlobPush::Existed => report.blobs_existing += 1,
                    BlobPush::Mounted => report.blobs_mounted += 1,
                    BlobPush::Uploaded => report.blobs_copied += 1,
                }
            }
            // Children before the index that lists them.
            for d in docs.iter().skip(1).rev() {
                client.put_manifest(dr, &d.digest.to_string(), d)?;
            }
            let reference = match (dr.tag(), dr.digest()) {
                (_, Some(d)) if d != &top.digest => {
                    return Err(Error::invalid(
                        dst.to_string(),
                        format!(
                            "the destination digest differs from the source's {}",
                            top.digest
                        ),
                    ));
                }
                (Some(t), _) => t.to_owned(),
                (None, _) => top.digest.to_string(),
            };
            client.put_manifest(dr, &reference, &top)?;
        }
        Endpoint::Layout { dir, selector } => {
            fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            for b in &blobs {
                let to = blob_path(dir, &b.digest);
                if to.is_file() {
                    report.blobs_existing += 1;
                    continue;
                }
                let mut from = blob_path(&blob_root, &b.digest);
                if !from.is_file()
                    && let Endpoint::Registry(r) = &src_ep
                {
                    client.fetch_blob(r, cache, b)?;
                    from = cache.path(&b.digest);
                }
                copy_file(&from, &to)?;
                report.blobs_copied += 1;
            }
            for d in &docs {
                write_file(&blob_path(dir, &d.digest), &d.bytes)?;
            }
            let tag = match selector {
                Some(Selector::Tag(t)) => Some(t.clone()),
                Some(Selector::Digest(_)) => None,
                None => match &src_ep {
                    Endpoint::Registry(r) => r.tag().map(str::to_owned),
                    Endpoint::Layout {
                        selector: Some(Selector::Tag(t)),
                        ..
                    } => Some(t.clone()),
                    Endpoint::Layout { .. } => None,
                },
            };
            add_to_index(dir, &top, tag.as_deref())?;
        }
    }
    Ok(report)
}

/// Parses a copy destination. Unlike a source, an `oci:DIR:TAG`,
/// `oci-archive:FILE:TAG` or `docker-archive:FILE:NAME:TAG` destination may
/// not exist yet, so its tag cannot be found by looking for an existing
/// path: an OCI tag follows the last colon after the last slash (tags hold
/// no colon), a docker archive's NAME:TAG the first colon (as skopeo
/// splits it; NAME may hold a registry port).
pub fn parse_destination(s: &str) -> Result<ImageRef> {
    let parsed = ImageRef::parse(s)?;
    let (rest, path, selector) = match &parsed {
        ImageRef::OciLayout { path, selector } => (s.strip_prefix("oci:"), path, selector),
        ImageRef::OciArchive { path, selector } => (s.strip_prefix("oci-archive:"), path, selector),
        ImageRef::DockerArchive { path, selector } => {
            (s.strip_prefix("docker-archive:"), path, selector)
        }
        _ => return Ok(parsed),
    };
    // Existing paths (and digests) were resolved by the parse.
    let Some(rest) = rest else {
        return Ok(parsed);
    };
    if selector.is_some() || path.exists() || rest.contains('@') {
        return Ok(parsed);
    }
    let at = if matches!(parsed, ImageRef::DockerArchive { .. }) {
        rest.find(':')
    } else {
        let start = rest.rfind('/').map_or(0, |i| i + 1);
        rest[start..].rfind(':').map(|i| start + i)
    };
    let Some(at) = at else {
        return Ok(parsed);
    };
    let (file, tag) = (&rest[..at], &rest[at + 1..]);
    if file.is_empty() {
        return Ok(parsed);
    }
    let path = PathBuf::from(file);
    let selector = (!tag.is_empty()).then(|| Selector::Tag(tag.to_owned()));
    Ok(match parsed {
        ImageRef::OciLayout { .. } => ImageRef::OciLayout { path, selector },
        ImageRef::OciArchive { .. } => ImageRef::OciArchive { path, selector },
        _ => ImageRef::DockerArchive { path, selector },
    })
}

fn read_index(dir: &Path) -> Result<serde_json::Value> {
    let p = dir.join("index.json");
    match fs::read(&p) {
        Ok(b) => serde_json::from_slice(&b)
            .map_err(|e| Error::invalid(p.display().to_string(), format!("invalid JSON: {e}"))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(serde_json::json!({
            "schemaVersion": 2,
            "mediaType": bosun_image::spec::media_type::OCI_INDEX,
            "manifests": [],
        })),
        Err(e) => Err(Error::io(p, e)),
    }
}

/// The digest of the image a layout's `index.json` lists for the selector.
/// A digest need not be listed (a manifest inside a listed index).
fn layout_top(dir: &Path, selector: Option<&Selector>) -> Result<Digest> {
    if let Some(Selector::Digest(d)) = selector {
        return Ok(d.clone());
    }
    let p = dir.join("index.json");
    let bytes = fs::read(&p).map_err(|e| Error::io(&p, e))?;
    let index: bosun_image::spec::Index = serde_json::from_slice(&bytes)
        .map_err(|e| Error::invalid(p.display().to_string(), format!("invalid JSON: {e}")))?;
    let found = match selector {
        Some(Selector::Tag(t)) => index.manifests.iter().find(|d| d.ref_name() == Some(t)),
        Some(Selector::Digest(dg)) => index.manifests.iter().find(|d| &d.digest == dg),
        None if index.manifests.len() == 1 => index.manifests.first(),
        None => {
            return Err(Error::invalid(
                dir.display().to_string(),
                "the layout holds several images: name one with :TAG or @DIGEST",
            ));
        }
    };
    found.map(|d| d.digest.clone()).ok_or_else(|| {
        Error::invalid(
            dir.display().to_string(),
            "no such image in the layout's index.json",
        )
    })
}

fn read_layout_doc(dir: &Path, d: &Digest) -> Result<Document> {
    let p = dir.join("blobs").join(d.algorithm().name()).join(d.hex());
    let meta = fs::metadata(&p).map_err(|e| Error::io(&p, e))?;
    if meta.len() > MAX_MANIFEST {
        return Err(Error::invalid(
            p.display().to_string(),
            "manifest too large",
        ));
    }
    let bytes = fs::read(&p).map_err(|e| Error::io(&p, e))?;
    let actual = Digest::of(d.algorithm(), &bytes);
    if &actual != d {
        return Err(Error::DigestMismatch {
            what: p.display().to_string(),
            expected: d.to_string(),
            actual: actual.to_string(),
        });
    }
    let media_type = detect_media_type(&bytes, None, d)?;
    Ok(Document {
        digest: d.clone(),
        media_type,
        bytes,
    })
}

fn add_to_index(dir: &Path, top: &Document, tag: Option<&str>) -> Result<()> {
    write_file(
        &dir.join("oci-layout"),
        br#"{"imageLayoutVersion":"1.0.0"}"#,
    )?;
    let mut index = read_index(dir)?;
    let mut desc = serde_json::json!({
        "mediaType": top.media_type,
        "digest": top.digest.to_string(),
        "size": top.bytes.len(),
    });
    if let Some(t) = tag {
        desc["annotations"] = serde_json::json!({ REF_NAME: t });
    }
    let list = index
        .get_mut("manifests")
        .and_then(serde_json::Value::as_array_mut)
        .ok_or_else(|| {
            Error::invalid(
                dir.join("index.json").display().to_string(),
                "no manifests list",
            )
        })?;
    // A tag names one image: the new one replaces the old.
    list.retain(|d| match tag {
        Some(t) => {
            d.pointer("/annotations/org.opencontainers.image.ref.name")
                .and_then(|v| v.as_str())
                != Some(t)
        }
        None => d.get("digest").and_then(|v| v.as_str()) != Some(&top.digest.to_string()),
    });
    list.push(desc);
    let bytes = serde_json::to_vec_pretty(&index)
        .map_err(|e| Error::invalid("index.json", e.to_string()))?;
    write_file(&dir.join("index.json"), &bytes)
}

/// Writes through a temporary file and a rename, so readers never see a
/// half-written file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = parent.join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    let parent = to.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    let tmp = parent.join(format!(
        ".{}.{}.tmp",
        to.file_name().and_then(|n| n.to_str()).unwrap_or("blob"),
        std::process::id()
    ));
    // A hard link costs nothing when cache and layout share a file system.
    if fs::hard_link(from, &tmp).is_err() {
        fs::copy(from, &tmp).map_err(|e| Error::io(from, e))?;
    }
    fs::rename(&tmp, to).map_err(|e| Error::io(to, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("new");
        let r = parse_destination(&format!("oci:{}:v1", d.display())).unwrap();
        assert_eq!(
            r,
            ImageRef::OciLayout {
                path: d.clone(),
                selector: Some(Selector::Tag("v1".into()))
            }
        );
        let r = parse_destination(&format!("oci:{}", d.display())).unwrap();
        assert_eq!(
            r,
            ImageRef::OciLayout {
                path: d,
                selector: None
            }
        );
        let a = t.path().join("a.tar");
        assert_eq!(
            parse_destination(&format!("oci-archive:{}:v2", a.display())).unwrap(),
            ImageRef::OciArchive {
                path: a.clone(),
                selector: Some(Selector::Tag("v2".into()))
            }
        );
        assert_eq!(
            parse_destination(&format!(
                "docker-archive:{}:localhost:5000/app:1",
                a.display()
            ))
            .unwrap(),
            ImageRef::DockerArchive {
                path: a.clone(),
                selector: Some(Selector::Tag("localhost:5000/app:1".into()))
            }
        );
        assert_eq!(
            parse_destination(&format!("docker-archive:{}", a.display())).unwrap(),
            ImageRef::DockerArchive {
                path: a.clone(),
                selector: None
            }
        );
        std::fs::write(&a, b"").unwrap();
        assert_eq!(
            parse_destination(&format!("docker-archive:{}:app:1", a.display())).unwrap(),
            ImageRef::DockerArchive {
                path: a,
                selector: Some(Selector::Tag("app:1".into()))
            }
        );
        assert_eq!(
            parse_destination("ghcr.io/o/a:1").unwrap(),
            ImageRef::Registry("ghcr.io/o/a:1".into())
        );
    }
}
