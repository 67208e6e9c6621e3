//! Copies between registries and OCI image layouts, byte for byte so the
//! manifest digest is kept. Between two repositories of one registry, blobs
//! are mounted rather than downloaded and uploaded again.

use std::fs;
use std::path::{Path, PathBuf};

use bosun_image::spec::{Descriptor, REF_NAME};
use bosun_image::{Digest, ImageRef, Platform, Selector};

use crate::cache::BlobCache;
use crate::client::Client;
use crate::error::{Error, Result};
use crate::pull::{
    Document, MAX_MANIFEST, PullOptions, blobs_of, detect_media_type, parallel, select,
};
use crate::push::BlobPush;
use crate::reference::Reference;

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
    /// unchanged).
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
            "copy supports registry and oci: references, not {}:",
            other.transport()
        ))),
    }
}

/// Copies the image `src` names to `dst`.
pub fn copy(
    client: &Client,
    cache: &BlobCache,
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
            let top = get(&top.digest)?;
            select(&top, &get, want, &src.to_string(), 0, &mut docs)?;
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
        .ok_or_else(|| Error::invalid(src.to_string(), "nothing to copy"))?;
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
                            src.to_string(),
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

/// Parses a copy destination. Unlike a source, an `oci:DIR:TAG` destination
/// may not exist yet, so its tag is split at the last colon after the last
/// slash rather than found by looking for an existing directory.
pub fn parse_destination(s: &str) -> Result<ImageRef> {
    if let Some(rest) = s.strip_prefix("oci:")
        && !Path::new(rest).exists()
    {
        let start = rest.rfind('/').map_or(0, |i| i + 1);
        if !rest.contains('@')
            && let Some(i) = rest[start..].rfind(':')
        {
            let (dir, tag) = (&rest[..start + i], &rest[start + i + 1..]);
            if !dir.is_empty() && !Path::new(rest).exists() {
                return Ok(ImageRef::OciLayout {
                    path: dir.into(),
                    selector: (!tag.is_empty()).then(|| Selector::Tag(tag.to_owned())),
                });
            }
        }
    }
    Ok(ImageRef::parse(s)?)
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

/// The descriptor a layout's `index.json` lists for the selector.
fn layout_top(dir: &Path, selector: Option<&Selector>) -> Result<Descriptor> {
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
    found.cloned().ok_or_else(|| {
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
        assert_eq!(
            parse_destination("ghcr.io/o/a:1").unwrap(),
            ImageRef::Registry("ghcr.io/o/a:1".into())
        );
    }
}
