//! `db update`: downloads OSV exports (`<base>/<ECOSYSTEM>/all.zip`) and
//! merges them into the store.
//!
//! Each request is conditional (`If-None-Match` / `If-Modified-Since` from
//! the previous download), so an unchanged ecosystem costs one request and
//! no rebuild. A download is refused when its content type is not a zip's,
//! when it is shorter or longer than announced, when it exceeds the size
//! limit or when an entry fails its CRC; the ecosystem then keeps its
//! previous data. All changes land in a [`Builder`], renamed over the live
//! file at the end, so a killed update leaves the old database usable.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::ecosystem::KNOWN_ECOSYSTEMS;
use crate::error::{Error, IoContext, Result, SqlContext};
use crate::ingest::{SourceInput, SourceKind};
use crate::progress::{Progress, Unit};
use crate::store::{Builder, SourceMeta, SourceReport, SourceStatus, Store};
use crate::time;

/// What to download, and from where.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The mirror (no trailing slash needed).
    pub base_url: String,
    /// Ecosystems to fetch; empty means every ecosystem the mirror lists in
    /// `ecosystems.txt` (or bosun's built-in list when it has none).
    pub ecosystems: Vec<String>,
    /// Timeout for connecting and for each read.
    pub timeout: Duration,
    /// Largest accepted download.
    pub max_bytes: u64,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        Self {
            base_url: crate::config::DEFAULT_BASE_URL.to_owned(),
            ecosystems: Vec::new(),
            timeout: Duration::from_secs(60),
            max_bytes: 4 << 30,
        }
    }
}

/// How one ecosystem's update went.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
pub enum Outcome {
    /// New data was downloaded and imported.
    Updated(SourceReport),
    /// The mirror answered 304: the stored data is current.
    NotModified,
    /// The download or import failed; the previous data (if any) is kept.
    Failed {
        /// Why.
        error: String,
    },
}

/// One ecosystem's result.
#[derive(Debug, Clone, Serialize)]
pub struct EcosystemUpdate {
    /// The ecosystem.
    pub ecosystem: String,
    /// The export's address.
    pub url: String,
    /// What happened.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The result of an update.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateReport {
    /// Per ecosystem, in request order.
    pub ecosystems: Vec<EcosystemUpdate>,
}

impl UpdateReport {
    /// Ecosystems that failed.
    pub fn failures(&self) -> impl Iterator<Item = &EcosystemUpdate> {
        self.ecosystems
            .iter()
            .filter(|e| matches!(e.outcome, Outcome::Failed { .. }))
    }
}

/// Updates the database at `target` from the mirror in `opts`.
///
/// Returns an error only when nothing could be done at all (no client, the
/// database directory is unwritable); per-ecosystem failures are in the
/// report.
pub fn update(
    target: &Path,
    opts: &UpdateOptions,
    progress: &dyn Progress,
) -> Result<UpdateReport> {
    let client = reqwest::blocking::Client::builder()
        .user_agent(concat!("bosun/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(opts.timeout)
        .timeout(opts.timeout)
        .build()
        .map_err(|e| Error::Download {
            url: opts.base_url.clone(),
            reason: format!("cannot create an HTTP client: {e}"),
        })?;
    let base = opts.base_url.trim_end_matches('/');
    let ecosystems = if opts.ecosystems.is_empty() {
        list_ecosystems(&client, base)
    } else {
        opts.ecosystems.clone()
    };
    // Conditional requests only make sense against data we can keep.
    let known: Vec<SourceStatus> = Store::open(target)
        .and_then(|s| s.status())
        .map(|s| s.sources)
        .unwrap_or_default();
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).at(dir)?;
    crate::store::remove_stale_files(dir, DOWNLOAD_PREFIX);

    let mut builder: Option<Builder> = None;
    let mut not_modified = Vec::new();
    let mut report = UpdateReport::default();
    for eco in &ecosystems {
        let url = format!("{base}/{}/all.zip", encode_segment(eco));
        let previous = known.iter().find(|s| &s.name == eco && s.url == url);
        let outcome = match download(&client, &url, eco, previous, dir, opts, progress) {
            Ok(Fetched::NotModified) => {
                not_modified.push(eco.clone());
                Outcome::NotModified
            }
            Ok(Fetched::File(file, meta)) => {
                let b = match builder.as_mut() {
                    Some(b) => b,
                    None => builder.insert(Builder::begin(target, false)?),
                };
                let input = SourceInput {
                    name: eco.clone(),
                    path: file.path.clone(),
                    kind: SourceKind::Zip,
                };
                match b.import_source(&input, &meta, progress) {
                    Ok(r) => Outcome::Updated(r),
                    Err(e) => Outcome::Failed {
                        error: e.to_string(),
                    },
                }
            }
            Err(e) => Outcome::Failed {
                error: e.to_string(),
            },
        };
        report.ecosystems.push(EcosystemUpdate {
            ecosystem: eco.clone(),
            url,
            outcome,
        });
    }
    let now = time::now();
    let updated = report
        .ecosystems
        .iter()
        .any(|e| matches!(e.outcome, Outcome::Updated(_)));
    match builder {
        Some(mut b) if updated => {
            for eco in &not_modified {
                b.touch_source(eco, now)?;
            }
            b.commit()?;
        }
        _ if !not_modified.is_empty() => touch_in_place(target, &not_modified, now)?,
        _ => {}
    }
    Ok(report)
}

/// Records a confirmation without rebuilding: one small transaction, which
/// SQLite's journal makes atomic on its own.
fn touch_in_place(target: &Path, names: &[String], now: i64) -> Result<()> {
    let mut conn =
        rusqlite::Connection::open_with_flags(target, rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE)
            .at(target)?;
    conn.busy_timeout(Duration::from_secs(10)).at(target)?;
    let tx = conn.transaction().at(target)?;
    for name in names {
        tx.execute(
            "UPDATE source SET checked_at = ?2 WHERE name = ?1",
            rusqlite::params![name, now],
        )
        .at(target)?;
    }
    tx.commit().at(target)
}

/// The mirror's `ecosystems.txt`, or the built-in list.
fn list_ecosystems(client: &reqwest::blocking::Client, base: &str) -> Vec<String> {
    let listed = client
        .get(format!("{base}/ecosystems.txt"))
        .send()
        .ok()
        .filter(|r| r.status() == StatusCode::OK)
        .and_then(|r| r.text().ok())
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .filter(|l| !l.is_empty());
    listed.unwrap_or_else(|| KNOWN_ECOSYSTEMS.iter().map(|s| (*s).to_owned()).collect())
}

/// Percent-encodes one path segment (`Rocky Linux` → `Rocky%20Linux`).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Downloads in progress are `<dir>/.download-<pid>-<ecosystem>.zip`.
const DOWNLOAD_PREFIX: &str = ".download-";

enum Fetched {
    NotModified,
    File(TempFile, SourceMeta),
}

/// A downloaded file, removed when dropped.
struct TempFile {
    path: PathBuf,
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Content types a zip may arrive with; GCS and most servers send the
/// first, generic servers the octet-stream forms.
const ZIP_TYPES: &[&str] = &[
    "application/zip",
    "application/x-zip-compressed",
    "application/x-zip",
    "application/octet-stream",
    "binary/octet-stream",
];

fn download(
    client: &reqwest::blocking::Client,
    url: &str,
    eco: &str,
    previous: Option<&SourceStatus>,
    dir: &Path,
    opts: &UpdateOptions,
    progress: &dyn Progress,
) -> Result<Fetched> {
    let fail = |reason: String| Error::Download {
        url: url.to_owned(),
        reason,
    };
    let mut req = client.get(url);
    if let Some(p) = previous {
        if let Some(etag) = &p.etag {
            req = req.header(IF_NONE_MATCH, etag);
        }
        if let Some(lm) = &p.last_modified {
            req = req.header(IF_MODIFIED_SINCE, lm);
        }
    }
    let mut resp = req.send().map_err(|e| fail(error_chain(&e)))?;
    let status = resp.status();
    if status == StatusCode::NOT_MODIFIED && previous.is_some() {
        progress.begin(eco, None, Unit::Bytes);
        progress.finish("not modified");
        return Ok(Fetched::NotModified);
    }
    if status != StatusCode::OK {
        return Err(fail(format!("server answered {status}")));
    }
    let header = |name| {
        resp.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    if let Some(ct) = header(CONTENT_TYPE) {
        let mime = ct
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        if !ZIP_TYPES.contains(&mime.as_str()) {
            return Err(fail(format!(
                "unexpected content type {ct:?}, expected a zip archive"
            )));
        }
    }
    let etag = header(ETAG);
    let last_modified = header(LAST_MODIFIED);
    let expected = resp.content_length();
    if let Some(len) = expected.filter(|&l| l > opts.max_bytes) {
        return Err(fail(format!(
            "announced size {len} exceeds the limit of {} bytes",
            opts.max_bytes
        )));
    }
    let file = TempFile {
        path: dir.join(format!(
            ".download-{}-{}.zip",
            std::process::id(),
            encode_segment(eco)
        )),
    };
    let mut out = File::create(&file.path).at(&file.path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 << 10];
    let mut total = 0u64;
    progress.begin(eco, expected, Unit::Bytes);
    let body: Result<()> = (|| {
        loop {
            let n = resp
                .read(&mut buf)
                .map_err(|e| fail(format!("download interrupted: {e}")))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            if total > opts.max_bytes {
                return Err(fail(format!(
                    "download exceeds the limit of {} bytes",
                    opts.max_bytes
                )));
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).at(&file.path)?;
            progress.advance(n as u64);
        }
        if let Some(len) = expected.filter(|&l| l != total) {
            return Err(fail(format!("truncated download: {total} of {len} bytes")));
        }
        out.sync_all().at(&file.path)
    })();
    match &body {
        Ok(()) => progress.finish("downloaded"),
        Err(_) => progress.finish("failed"),
    }
    body?;
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok(Fetched::File(
        file,
        SourceMeta {
            url: url.to_owned(),
            etag,
            last_modified,
            bytes: Some(total),
            sha256: Some(sha256),
        },
    ))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_segments() {
        assert_eq!(encode_segment("Rocky Linux"), "Rocky%20Linux");
        assert_eq!(encode_segment("crates.io"), "crates.io");
        assert_eq!(encode_segment("Debian:12"), "Debian%3A12");
    }
}
