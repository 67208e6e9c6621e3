//! Pushing: blob existence checks, cross-repository mounts, monolithic
//! uploads and manifest uploads.

use std::path::Path;
use std::time::Duration;

use bosun_image::Digest;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, LOCATION};

use crate::client::{Client, status_error};
use crate::error::{Error, Result};
use crate::pull::{Document, call, repo_scope};
use crate::reference::Reference;

/// How a blob reached the destination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobPush {
    /// It was there already.
    Existed,
    /// Mounted from another repository of the same registry.
    Mounted,
    /// Uploaded.
    Uploaded,
}

fn push_scopes(dst: &Reference, from: Option<&str>) -> Vec<String> {
    let mut s = vec![repo_scope(dst, "pull,push")];
    if let Some(f) = from.filter(|f| *f != dst.repository()) {
        s.push(format!("repository:{f}:pull"));
    }
    s
}

impl Client {
    /// Whether the destination repository has the blob.
    pub fn blob_exists(&self, dst: &Reference, d: &Digest) -> Result<bool> {
        let what = format!("blob {d} in {}", dst.name());
        let scopes = push_scopes(dst, None);
        let c = call(dst, &scopes, &what);
        let path = format!("/v2/{}/blobs/{d}", dst.repository());
        let resp = self.send(&c, &|h, base| Ok(h.head(format!("{base}{path}"))))?;
        match resp.status() {
            s if s.is_success() => Ok(true),
            StatusCode::NOT_FOUND => Ok(false),
            _ => Err(status_error(&c, resp)),
        }
    }

    /// Puts a blob into `dst`: nothing if it is there, a mount from
    /// `mount_from` (a repository of the same registry) when the registry
    /// allows, else an upload of the file `path` (which must already have
    /// been verified).
    pub fn push_blob(
        &self,
        dst: &Reference,
        d: &Digest,
        size: u64,
        mount_from: Option<&str>,
        path: &dyn Fn() -> Result<std::path::PathBuf>,
    ) -> Result<BlobPush> {
        if self.blob_exists(dst, d)? {
            return Ok(BlobPush::Existed);
        }
        let what = format!("upload of blob {d} to {}", dst.name());
        let scopes = push_scopes(dst, mount_from);
        let c = call(dst, &scopes, &what);
        let start = match mount_from {
            Some(from) => format!(
                "/v2/{}/blobs/uploads/?mount={d}&from={from}",
                dst.repository()
            ),
            None => format!("/v2/{}/blobs/uploads/", dst.repository()),
        };
        let resp = self.send(&c, &|h, base| {
            Ok(h.post(format!("{base}{start}")).header(CONTENT_LENGTH, "0"))
        })?;
        let location = match resp.status() {
            StatusCode::CREATED if mount_from.is_some() => return Ok(BlobPush::Mounted),
            StatusCode::ACCEPTED => resp
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .ok_or_else(|| Error::invalid(&what, "upload started without a Location"))?,
            _ => return Err(status_error(&c, resp)),
        };
        let file = path()?;
        self.upload(&c, &location, d, size, &file)?;
        Ok(BlobPush::Uploaded)
    }

    fn upload(
        &self,
        c: &crate::client::Call<'_>,
        location: &str,
        d: &Digest,
        size: u64,
        file: &Path,
    ) -> Result<()> {
        let sep = if location.contains('?') { '&' } else { '?' };
        let loc = format!("{location}{sep}digest={d}");
        let resp = self.send(c, &|h, base| {
            let url = if loc.starts_with("http://") || loc.starts_with("https://") {
                loc.clone()
            } else {
                format!("{base}{loc}")
            };
            let f = std::fs::File::open(file).map_err(|e| Error::io(file, e))?;
            Ok(h.put(url)
                // The client's timeout bounds the whole upload of a body:
                // allow for 100 kB/s at least.
                .timeout(Duration::from_secs(300 + size / 100_000))
                .header(CONTENT_TYPE, "application/octet-stream")
                .header(CONTENT_LENGTH, size)
                .body(reqwest::blocking::Body::sized(f, size)))
        })?;
        if resp.status() == StatusCode::CREATED || resp.status().is_success() {
            Ok(())
        } else {
            Err(status_error(c, resp))
        }
    }

    /// Uploads a manifest or index under `reference` (a tag or its digest),
    /// byte for byte, so its digest is preserved; checks the digest the
    /// registry reports.
    pub fn put_manifest(&self, dst: &Reference, reference: &str, doc: &Document) -> Result<()> {
        let what = format!("manifest {}:{reference}", dst.name());
        let scopes = push_scopes(dst, None);
        let c = call(dst, &scopes, &what);
        let path = format!("/v2/{}/manifests/{reference}", dst.repository());
        let resp = self.send(&c, &|h, base| {
            Ok(h.put(format!("{base}{path}"))
                .header(CONTENT_TYPE, doc.media_type.as_str())
                .body(doc.bytes.clone()))
        })?;
        if !resp.status().is_success() {
            return Err(status_error(&c, resp));
        }
        let stated: Option<Digest> = resp
            .headers()
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        match stated {
            Some(s) if s != doc.digest && s.algorithm() == doc.digest.algorithm() => {
                Err(Error::DigestMismatch {
                    what,
                    expected: doc.digest.to_string(),
                    actual: s.to_string(),
                })
            }
            _ => Ok(()),
        }
    }
}
