//! What catalogers ask the walk for, declared up front: exact paths,
//! globs, or kinds of file recognised by their first bytes. Only matching
//! files' contents are kept; everything else streams past.

use std::collections::HashMap;
use std::io::{self, Cursor, Read, Seek, Write};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};

/// A kind of file recognised by its magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileKind {
    /// An ELF object (executables, shared libraries).
    Elf,
    /// A Mach-O binary (thin or fat).
    MachO,
    /// A PE (Windows) executable.
    Pe,
    /// A zip archive (jar, war, wheel…).
    Zip,
}

impl FileKind {
    /// Whether `head` (a file's first bytes) is of this kind.
    pub fn matches(self, head: &[u8]) -> bool {
        match self {
            FileKind::Elf => head.starts_with(b"\x7fELF"),
            FileKind::MachO => matches!(
                head.get(..4),
                Some(
                    [0xfe, 0xed, 0xfa, 0xce | 0xcf]
                        | [0xce | 0xcf, 0xfa, 0xed, 0xfe]
                        | [0xca, 0xfe, 0xba, 0xbe]
                )
            ),
            FileKind::Pe => head.starts_with(b"MZ"),
            FileKind::Zip => head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06"),
        }
    }
}

/// Which files a request selects.
#[derive(Debug, Clone)]
pub enum Selector {
    /// One path (leading `/` optional).
    Path(String),
    /// A glob over the whole path (`**/*.dist-info/METADATA`).
    Glob(String),
    /// Every regular file of this kind.
    Kind(FileKind),
}

/// Reads what a cataloger needs from a captured file (a section of a
/// binary, a few entries of an archive) and returns only those bytes, or
/// `None` when the file holds nothing of interest. It runs on the layer
/// thread right after capture; the full capture is dropped once it returns,
/// so the walk keeps only what extractors return.
///
/// Extractors are compared by identity (`Arc::ptr_eq`): requests sharing
/// one `Arc` share one extraction and one [`crate::FoundFile`].
pub type Extractor = Arc<dyn Fn(&Content) -> io::Result<Option<Vec<u8>>> + Send + Sync>;

/// A cataloger's request for file contents.
#[derive(Clone)]
pub struct FileRequest {
    /// What to select.
    pub selector: Selector,
    /// Larger files are not collected (recorded as skipped instead).
    pub max_size: u64,
    /// When set, only what this returns is kept instead of the whole file.
    pub extractor: Option<Extractor>,
}

impl std::fmt::Debug for FileRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileRequest")
            .field("selector", &self.selector)
            .field("max_size", &self.max_size)
            .field("extractor", &self.extractor.as_ref().map(|_| "fn"))
            .finish()
    }
}

impl FileRequest {
    /// A request for one path, up to 64 MiB.
    pub fn path(p: &str) -> Self {
        Self {
            selector: Selector::Path(p.to_owned()),
            max_size: 64 << 20,
            extractor: None,
        }
    }

    /// A request by glob, up to 64 MiB.
    pub fn glob(g: &str) -> Self {
        Self {
            selector: Selector::Glob(g.to_owned()),
            max_size: 64 << 20,
            extractor: None,
        }
    }

    /// A request by kind, up to 512 MiB.
    pub fn kind(k: FileKind) -> Self {
        Self {
            selector: Selector::Kind(k),
            max_size: 512 << 20,
            extractor: None,
        }
    }

    /// Sets the size cap.
    pub fn max_size(mut self, n: u64) -> Self {
        self.max_size = n;
        self
    }

    /// Keeps only what `f` extracts from each matching file (see
    /// [`Extractor`]).
    pub fn extract(mut self, f: Extractor) -> Self {
        self.extractor = Some(f);
        self
    }
}

/// Compiled requests, shared by the layer threads.
#[derive(Default)]
pub(crate) struct Matcher {
    exact: HashMap<String, Vec<usize>>,
    globs: Option<GlobSet>,
    glob_ids: Vec<usize>,
    kinds: Vec<(FileKind, usize)>,
    max_size: Vec<u64>,
    extractors: Vec<Option<Extractor>>,
}

impl std::fmt::Debug for Matcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Matcher")
            .field("requests", &self.max_size.len())
            .finish_non_exhaustive()
    }
}

/// Bytes of a file read to recognise its kind.
pub(crate) const HEAD: usize = 8;

impl Matcher {
    pub(crate) fn new(requests: &[FileRequest]) -> Result<Self> {
        let mut m = Matcher::default();
        let mut b = GlobSetBuilder::new();
        for (i, r) in requests.iter().enumerate() {
            m.max_size.push(r.max_size);
            m.extractors.push(r.extractor.clone());
            match &r.selector {
                Selector::Path(p) => m
                    .exact
                    .entry(p.trim_start_matches('/').to_owned())
                    .or_default()
                    .push(i),
                Selector::Glob(g) => {
                    let glob =
                        Glob::new(g.trim_start_matches('/')).map_err(|e| Error::Request {
                            request: g.clone(),
                            reason: e.to_string(),
                        })?;
                    b.add(glob);
                    m.glob_ids.push(i);
                }
                Selector::Kind(k) => m.kinds.push((*k, i)),
            }
        }
        if !m.glob_ids.is_empty() {
            m.globs = Some(b.build().map_err(|e| Error::Request {
                request: "globs".into(),
                reason: e.to_string(),
            })?);
        }
        Ok(m)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.max_size.is_empty()
    }

    pub(crate) fn wants_kinds(&self) -> bool {
        !self.kinds.is_empty()
    }

    /// Requests selecting `path` by name.
    pub(crate) fn by_name(&self, path: &str, out: &mut Vec<usize>) {
        if let Some(ids) = self.exact.get(path) {
            out.extend_from_slice(ids);
        }
        if let Some(g) = &self.globs {
            for i in g.matches(path) {
                out.push(self.glob_ids[i]);
            }
        }
    }

    /// Requests selecting a file whose first bytes are `head`.
    pub(crate) fn by_kind(&self, head: &[u8], out: &mut Vec<usize>) {
        for (k, i) in &self.kinds {
            if k.matches(head) && !out.contains(i) {
                out.push(*i);
            }
        }
    }

    /// Splits matched request ids into groups sharing one extraction: the
    /// requests without an extractor (whole content) first, then one group
    /// per distinct extractor, in first-appearance order.
    pub(crate) fn groups(&self, ids: &[usize]) -> Vec<(Option<Extractor>, Vec<usize>)> {
        let mut out: Vec<(Option<Extractor>, Vec<usize>)> = Vec::new();
        for &i in ids {
            let x = self.extractors.get(i).cloned().flatten();
            let slot = out.iter_mut().find(|(e, _)| match (e, &x) {
                (None, None) => true,
                (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                _ => false,
            });
            match slot {
                Some((_, v)) => v.push(i),
                None => out.push((x, vec![i])),
            }
        }
        out.sort_by_key(|(e, _)| e.is_some());
        out
    }

    /// Whether requests `a` and `b` share one extraction.
    pub(crate) fn same_extraction(&self, a: usize, b: usize) -> bool {
        match (self.extractors.get(a), self.extractors.get(b)) {
            (Some(None), Some(None)) => true,
            (Some(Some(x)), Some(Some(y))) => Arc::ptr_eq(x, y),
            _ => false,
        }
    }

    /// The largest size any of `ids` accepts.
    pub(crate) fn max_size(&self, ids: &[usize]) -> u64 {
        ids.iter().map(|&i| self.max_size[i]).max().unwrap_or(0)
    }
}

/// A collected file's content: in memory, or spooled to a temporary file
/// when large (big binaries are then read through their section tables,
/// never loaded whole).
#[derive(Debug, Clone)]
pub enum Content {
    /// Small files.
    Memory(Arc<[u8]>),
    /// Large files, in an unlinked temporary file.
    Spooled(Arc<tempfile::NamedTempFile>, u64),
}

/// Files larger than this are spooled to disk.
pub(crate) const SPOOL_THRESHOLD: u64 = 8 << 20;

/// A readable, seekable view of a [`Content`].
pub trait ReadSeek: Read + Seek + Send {}
impl<T: Read + Seek + Send> ReadSeek for T {}

impl Content {
    /// Reads `size` bytes from `r` (which yielded `head` already).
    pub(crate) fn capture(head: &[u8], r: &mut dyn Read, size: u64) -> io::Result<Content> {
        if size <= SPOOL_THRESHOLD {
            let mut v = Vec::with_capacity(size as usize);
            v.extend_from_slice(head);
            r.take(size - head.len() as u64).read_to_end(&mut v)?;
            Ok(Content::Memory(v.into()))
        } else {
            let mut f = tempfile::NamedTempFile::new()?;
            f.write_all(head)?;
            let n = io::copy(&mut r.take(size - head.len() as u64), &mut f)?;
            f.flush()?;
            Ok(Content::Spooled(Arc::new(f), head.len() as u64 + n))
        }
    }

    /// The size in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Content::Memory(b) => b.len() as u64,
            Content::Spooled(_, n) => *n,
        }
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The bytes, when held in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Memory(b) => Some(b),
            Content::Spooled(..) => None,
        }
    }

    /// A fresh reader over the content.
    pub fn reader(&self) -> io::Result<Box<dyn ReadSeek>> {
        match self {
            Content::Memory(b) => Ok(Box::new(Cursor::new(b.clone()))),
            Content::Spooled(f, _) => Ok(Box::new(f.reopen()?)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        let m = Matcher::new(&[
            FileRequest::path("/var/lib/dpkg/status"),
            FileRequest::glob("**/*.dist-info/METADATA"),
            FileRequest::kind(FileKind::Elf),
        ])
        .unwrap();
        let mut out = Vec::new();
        m.by_name("var/lib/dpkg/status", &mut out);
        assert_eq!(out, [0]);
        out.clear();
        m.by_name(
            "usr/lib/python3/dist-packages/a-1.0.dist-info/METADATA",
            &mut out,
        );
        assert_eq!(out, [1]);
        out.clear();
        m.by_kind(b"\x7fELF\x02\x01", &mut out);
        assert_eq!(out, [2]);
        assert!(Matcher::new(&[FileRequest::glob("a/[")]).is_err());
    }
}
