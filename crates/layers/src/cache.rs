//! The per-layer cache: what a visibility-only walk learnt from one layer —
//! the requested files' contents (after extraction), the lean index marks,
//! the counts and the warnings — keyed by the layer's blob digest and by
//! everything that decides what the walk collects. A layer shared by many
//! images (a common base) is walked once; an image that changed one layer
//! re-walks that layer only.
//!
//! Entries are checked, not trusted: each ends with the SHA-256 of the rest,
//! every count and length is bounded by the entry's size, and an entry that
//! fails any check is treated as absent (the layer is walked again and the
//! entry rewritten). Writes are atomic: a temporary file, then a rename.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::index::{IndexMode, LayerTable};
use crate::request::{Content, FileRequest, SPOOL_THRESHOLD, Selector};
use crate::visibility::Marks;
use crate::walk::{FoundFile, LayerOut, LayerReport, Limits, Warning};

const MAGIC: &[u8; 8] = b"BOSUNLC1";

/// Where layer results are kept, and the caller's name for what its
/// requests mean (extractors are code, so the caller vouches for them:
/// bump the key when they change).
#[derive(Debug, Clone)]
pub struct LayerCache {
    dir: PathBuf,
    key: String,
}

impl LayerCache {
    /// A cache in `dir` for walks whose requests and extractors `key` names.
    pub fn new(dir: impl Into<PathBuf>, key: impl Into<String>) -> Self {
        Self {
            dir: dir.into(),
            key: key.into(),
        }
    }

    /// The directory entries are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The entry file for one layer of a walk, or `None` when the layer is
    /// not content-addressed. The diff_id is part of the key: an entry is
    /// written only after the walk verified that the blob decompresses to
    /// it, so an image claiming another diff_id for the same blob misses
    /// and is walked (and refused).
    pub(crate) fn entry(
        &self,
        blob_digest: Option<&str>,
        diff_id: Option<&str>,
        requests: &[FileRequest],
        limits: &Limits,
    ) -> Option<PathBuf> {
        let digest = blob_digest?;
        let diff_id = diff_id.unwrap_or("-");
        let mut h = Sha256::new();
        h.update(format!(
            "bosun-layers/{}/{}\n{}\n{digest}\n{diff_id}\n{limits:?}\n",
            env!("CARGO_PKG_VERSION"),
            String::from_utf8_lossy(MAGIC),
            self.key
        ));
        for r in requests {
            let sel = match &r.selector {
                Selector::Path(p) => format!("path:{p}"),
                Selector::Glob(g) => format!("glob:{g}"),
                Selector::Kind(k) => format!("kind:{k:?}"),
            };
            h.update(format!("{sel}\n{}\n", r.max_size));
        }
        Some(self.dir.join(format!("layer-{:x}.bin", h.finalize())))
    }
}

#[derive(Serialize, Deserialize)]
struct Header {
    entries: u64,
    files: u64,
    uncompressed_size: u64,
    count: u64,
    warnings: Vec<(String, String)>,
    found: Vec<FileHeader>,
    writes: u64,
    whiteouts: u64,
    opaques: u64,
}

#[derive(Serialize, Deserialize)]
struct FileHeader {
    requests: Vec<usize>,
    path: String,
    mode: u32,
    entry: u32,
    len: u64,
}

/// Writes `out` (a visibility-only layer result) to `path`.
pub(crate) fn store(path: &Path, out: &LayerOut) -> std::io::Result<()> {
    let Some(marks) = out.table.marks() else {
        return Ok(());
    };
    let (writes, last, whiteouts, opaques) = marks.parts();
    let header = Header {
        entries: out.report.entries,
        files: out.report.files,
        uncompressed_size: out.report.uncompressed_size,
        count: out.table.len() as u64,
        warnings: out
            .warnings
            .iter()
            .map(|w| (w.path.clone(), w.reason.clone()))
            .collect(),
        found: out
            .files
            .iter()
            .map(|f| FileHeader {
                requests: f.requests.clone(),
                path: f.path.clone(),
                mode: f.mode,
                entry: f.entry,
                len: f.content.len(),
            })
            .collect(),
        writes: writes.len() as u64,
        whiteouts: whiteouts.len() as u64,
        opaques: opaques.len() as u64,
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = tempfile::NamedTempFile::new_in(dir)?;
    let mut w = Hashing {
        inner: std::io::BufWriter::new(tmp),
        hash: Sha256::new(),
    };
    let json = serde_json::to_vec(&header).map_err(std::io::Error::other)?;
    w.write_all(MAGIC)?;
    w.write_all(&(json.len() as u64).to_le_bytes())?;
    w.write_all(&json)?;
    for v in writes.iter().chain(whiteouts).chain(opaques) {
        w.write_all(&v.to_le_bytes())?;
    }
    for v in last {
        w.write_all(&v.to_le_bytes())?;
    }
    for f in &out.files {
        std::io::copy(&mut f.content.reader()?, &mut w)?;
    }
    let digest = w.hash.finalize();
    let mut inner = w.inner;
    inner.write_all(&digest)?;
    let tmp = inner.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

struct Hashing<W> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Reads the entry at `path` as layer `layer`'s result; `None` when absent
/// or damaged in any way.
pub(crate) fn load(path: &Path, layer: usize) -> Option<LayerOut> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .read_to_end(&mut bytes)
        .ok()?;
    let (body, digest) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
    if Sha256::digest(body).as_slice() != digest {
        return None;
    }
    let mut r = Cursor { buf: body };
    if r.take(8)? != MAGIC {
        return None;
    }
    let json_len = usize::try_from(u64::from_le_bytes(r.take(8)?.try_into().ok()?)).ok()?;
    let header: Header = serde_json::from_slice(r.take(json_len)?).ok()?;
    let mut u64s = |n: u64| -> Option<Vec<u64>> {
        let raw = r.take(usize::try_from(n).ok()?.checked_mul(8)?)?;
        Some(
            raw.chunks_exact(8)
                .map(|c| u64::from_le_bytes(c.try_into().unwrap_or_default()))
                .collect(),
        )
    };
    let writes = u64s(header.writes)?;
    let whiteouts = u64s(header.whiteouts)?;
    let opaques = u64s(header.opaques)?;
    let last: Vec<u32> = r
        .take(usize::try_from(header.writes).ok()?.checked_mul(4)?)?
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap_or_default()))
        .collect();
    let marks = Marks::from_parts(writes, last, whiteouts, opaques)?;
    let mut files = Vec::with_capacity(header.found.len());
    for f in header.found {
        let data = r.take(usize::try_from(f.len).ok()?)?;
        let content = if f.len <= SPOOL_THRESHOLD {
            Content::Memory(data.into())
        } else {
            Content::capture(&[], &mut &data[..], f.len).ok()?
        };
        files.push(FoundFile {
            requests: f.requests,
            path: f.path,
            layer,
            mode: f.mode,
            content,
            visible: false,
            entry: f.entry,
        });
    }
    if !r.buf.is_empty() {
        return None;
    }
    Some(LayerOut {
        table: LayerTable::from_marks(marks, usize::try_from(header.count).ok()?),
        report: LayerReport {
            index: layer,
            entries: header.entries,
            files: header.files,
            uncompressed_size: header.uncompressed_size,
            digests: None,
        },
        files,
        warnings: header
            .warnings
            .into_iter()
            .map(|(path, reason)| Warning {
                layer,
                path,
                reason,
            })
            .collect(),
    })
}

struct Cursor<'a> {
    buf: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.buf.split_at_checked(n)?;
        self.buf = rest;
        Some(head)
    }
}

/// Whether walks in `mode` can use the cache: only the lean marks are
/// small enough to store per layer.
pub(crate) fn applies(mode: IndexMode) -> bool {
    mode == IndexMode::Visibility
}
