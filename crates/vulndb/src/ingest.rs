//! Reading OSV records from what users and mirrors provide: a zip export
//! (`all.zip`), a directory in osv-scanner's `<ECOSYSTEM>/all.zip` layout, a
//! directory tree of JSON or YAML files (searched recursively) or one file.
//!
//! Container-level damage (an unreadable zip, a CRC mismatch) is an error
//! for the whole source, so a damaged download never replaces good data;
//! a bad record is only counted as [`Malformed`].

use std::fs::File;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::value::RawValue;

use crate::error::{Error, IoContext, Result};
use crate::osv::{Advisory, SkipReason};

/// Largest single record file accepted; bigger entries are reported as
/// malformed rather than read (a zip bomb must not exhaust memory).
pub const MAX_RECORD_BYTES: u64 = 32 << 20;

/// The serialisation of one input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `.json`: one record, or an array of records.
    Json,
    /// `.yaml` / `.yml`: one record.
    Yaml,
}

impl Format {
    /// The format a file name implies, if it is a record file at all.
    pub fn from_name(name: &str) -> Option<Self> {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Some(Self::Json)
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Some(Self::Yaml)
        } else {
            None
        }
    }
}

/// One record file's contents, before parsing.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Its name inside the source (zip entry name or relative path).
    pub name: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// How to parse it.
    pub format: Format,
}

/// A record that could not be imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Malformed {
    /// The file (zip entry or path) it came from.
    pub file: String,
    /// Its id, when it could be read.
    pub id: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// A parsed record with its original JSON text, kept for reports.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The typed record, without the `affected` entries in `skipped`.
    pub advisory: Advisory,
    /// The record as JSON (as published for JSON sources), every entry
    /// included.
    pub json: Vec<u8>,
    /// The `affected` entries set aside, one reason each.
    pub skipped: Vec<SkipReason>,
}

impl Parsed {
    fn new(mut advisory: Advisory, json: Vec<u8>) -> Self {
        let skipped = advisory.take_unusable();
        Self {
            advisory,
            json,
            skipped,
        }
    }
}

/// Parses one file into records; never fails as a whole.
pub fn parse_file(file: &RawFile) -> Vec<Result<Parsed, Malformed>> {
    let bad = |id: Option<String>, reason: String| Malformed {
        file: file.name.clone(),
        id,
        reason,
    };
    match file.format {
        Format::Json => {
            let trimmed = trim_ascii_start(&file.bytes);
            if trimmed.first() == Some(&b'[') {
                match serde_json::from_slice::<Vec<&RawValue>>(trimmed) {
                    Ok(items) => items
                        .into_iter()
                        .map(|raw| {
                            parse_json_record(raw.get().as_bytes()).map_err(|(id, r)| bad(id, r))
                        })
                        .collect(),
                    Err(e) => vec![Err(bad(None, e.to_string()))],
                }
            } else {
                vec![parse_json_record(&file.bytes).map_err(|(id, r)| bad(id, r))]
            }
        }
        Format::Yaml => {
            let text = match std::str::from_utf8(&file.bytes) {
                Ok(t) => t,
                Err(e) => return vec![Err(bad(None, format!("not UTF-8: {e}")))],
            };
            // Typed parsing reads plain scalars such as `fixed: 1.0` as the
            // strings they are; an untyped parse would make it the number
            // 1 (and `1.10` would become 1.1). The stored JSON is therefore
            // the typed record: fields bosun does not know are not kept
            // for YAML sources (OSV's exports are JSON and keep them).
            let advisory = match crate::osv::from_yaml(text) {
                Ok(a) => a,
                Err(e) => return vec![Err(bad(yaml_id(text), e))],
            };
            let json = serde_json::to_vec(&advisory).unwrap_or_default();
            vec![Ok(Parsed::new(advisory, json))]
        }
    }
}

/// The `id:` line of a YAML record that failed to parse, for the report.
fn yaml_id(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|v| v.trim().trim_matches(['"', '\'']).to_owned())
        .filter(|v| !v.is_empty())
}

fn parse_json_record(bytes: &[u8]) -> Result<Parsed, (Option<String>, String)> {
    match Advisory::from_json(bytes) {
        Ok(advisory) => Ok(Parsed::new(advisory, bytes.to_vec())),
        Err(reason) => {
            // Name the record in the report when at least its id is readable.
            let id = serde_json::from_slice::<serde_json::Value>(bytes)
                .ok()
                .and_then(|v| v.get("id").and_then(|i| i.as_str()).map(str::to_owned));
            Err((id, reason))
        }
    }
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    // A UTF-8 byte-order mark is not JSON whitespace but some tools write it.
    let rest = &b[start..];
    rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(rest)
}

/// What a path given to `db import` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A bosun database or an export of one (replaces the whole database).
    Database(PathBuf),
    /// OSV sources: each imported as one source, replacing an earlier
    /// import of the same name.
    Sources(Vec<SourceInput>),
}

/// One OSV source to import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInput {
    /// The source's name in the store: the ecosystem for `<ECO>/all.zip`,
    /// otherwise the absolute path.
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
    /// How to read it.
    pub kind: SourceKind,
}

/// The shape of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A zip of record files.
    Zip,
    /// A directory tree of record files.
    Tree,
    /// One record file.
    File,
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
pub(crate) const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
pub(crate) const ZSTD_MAGIC: &[u8] = b"\x28\xB5\x2F\xFD";

/// Decides what `path` is, by content rather than by name where it can.
pub fn detect(path: &Path) -> Result<Input> {
    let meta = std::fs::metadata(path).at(path)?;
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    if meta.is_dir() {
        let layout = layout_zips(path)?;
        if !layout.is_empty() {
            return Ok(Input::Sources(layout));
        }
        return Ok(Input::Sources(vec![SourceInput {
            name: abs.display().to_string(),
            path: path.to_owned(),
            kind: SourceKind::Tree,
        }]));
    }
    let mut head = [0u8; 16];
    let n = read_head(path, &mut head)?;
    let head = &head[..n];
    if head.starts_with(SQLITE_MAGIC) || head.starts_with(ZSTD_MAGIC) {
        return Ok(Input::Database(path.to_owned()));
    }
    if head.starts_with(ZIP_MAGIC) || head.starts_with(EMPTY_ZIP_MAGIC) {
        return Ok(Input::Sources(vec![SourceInput {
            name: zip_source_name(&abs),
            path: path.to_owned(),
            kind: SourceKind::Zip,
        }]));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if Format::from_name(&name).is_some() {
        return Ok(Input::Sources(vec![SourceInput {
            name: abs.display().to_string(),
            path: path.to_owned(),
            kind: SourceKind::File,
        }]));
    }
    Err(Error::Input {
        path: path.to_owned(),
        reason: "not a zip, a JSON or YAML record, a directory or a bosun database export".into(),
    })
}

fn read_head(path: &Path, buf: &mut [u8]) -> Result<usize> {
    let mut f = File::open(path).at(path)?;
    let mut n = 0;
    while n < buf.len() {
        let k = f.read(&mut buf[n..]).at(path)?;
        if k == 0 {
            break;
        }
        n += k;
    }
    Ok(n)
}

/// `…/PyPI/all.zip` is the PyPI export; any other zip is named by its path.
fn zip_source_name(abs: &Path) -> String {
    if abs.file_name().is_some_and(|n| n == "all.zip")
        && let Some(eco) = abs.parent().and_then(Path::file_name)
    {
        return eco.to_string_lossy().into_owned();
    }
    abs.display().to_string()
}

/// `<dir>/<ECOSYSTEM>/all.zip` entries, in name order.
fn layout_zips(dir: &Path) -> Result<Vec<SourceInput>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let zip = entry.path().join("all.zip");
        if zip.is_file() {
            out.push(SourceInput {
                name: entry.file_name().to_string_lossy().into_owned(),
                path: zip,
                kind: SourceKind::Zip,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads the record files of a source in chunks, turns each chunk into a
/// `T` with `map` on worker threads (parsing is most of the work), and
/// hands the results to `sink` in source order. Returns files that were
/// unreadable as records (too large, bad names) as malformed; fails only
/// when the container itself is damaged, and then stops the workers.
pub fn read_source<T: Send>(
    source: &SourceInput,
    map: impl Fn(Vec<RawFile>) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<()>,
    on_total: impl FnOnce(u64),
) -> Result<Vec<Malformed>> {
    match source.kind {
        SourceKind::Zip => {
            let path = &source.path;
            let entries = open_zip(path)?.len();
            on_total(entries as u64);
            chunked(
                entries,
                || open_zip(path),
                |archive, range| read_zip_entries(archive, range, path),
                &map,
                &mut sink,
            )
        }
        SourceKind::File => {
            let name = source.path.display().to_string();
            let format = Format::from_name(&name).unwrap_or(Format::Json);
            let bytes = std::fs::read(&source.path).at(&source.path)?;
            on_total(1);
            sink(map(vec![RawFile {
                name,
                bytes,
                format,
            }]))?;
            Ok(Vec::new())
        }
        SourceKind::Tree => {
            let mut files = Vec::new();
            walk(
                &source.path,
                &|n| Format::from_name(n).is_some(),
                &mut files,
            )?;
            files.sort();
            on_total(files.len() as u64);
            let root = &source.path;
            chunked(
                files.len(),
                || Ok(()),
                |(), range| read_tree_files(&files[range], root),
                &map,
                &mut sink,
            )
        }
    }
}

/// Records per chunk: large enough to keep a worker busy, small enough to
/// bound memory.
const BATCH: usize = 256;

type ChunkResult = Result<(Vec<RawFile>, Vec<Malformed>)>;

/// Splits `len` items into chunks read by worker threads (each with its
/// own reader state from `open`), maps them there, and feeds `sink` in
/// chunk order on the calling thread.
fn chunked<S, T: Send>(
    len: usize,
    open: impl Fn() -> Result<S> + Sync,
    read: impl Fn(&mut S, std::ops::Range<usize>) -> ChunkResult + Sync,
    map: &(impl Fn(Vec<RawFile>) -> T + Sync),
    sink: &mut impl FnMut(T) -> Result<()>,
) -> Result<Vec<Malformed>> {
    use std::sync::atomic::{AtomicBool, Ordering};

    let chunks = len.div_ceil(BATCH);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(chunks.max(1));
    let cancel = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (tx, rx) =
            std::sync::mpsc::sync_channel::<(usize, Result<(T, Vec<Malformed>)>)>(workers * 2);
        for w in 0..workers {
            let tx = tx.clone();
            let (open, read, cancel) = (&open, &read, &cancel);
            scope.spawn(move || {
                let mut state = match open() {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send((w, Err(e)));
                        return;
                    }
                };
                for c in (w..chunks).step_by(workers) {
                    if cancel.load(Ordering::Relaxed) {
                        return;
                    }
                    let range = c * BATCH..((c + 1) * BATCH).min(len);
                    let out = read(&mut state, range).map(|(files, bad)| (map(files), bad));
                    let failed = out.is_err();
                    if tx.send((c, out)).is_err() || failed {
                        return;
                    }
                }
            });
        }
        drop(tx);
        // Moving the receiver in drops it on return, which unblocks and
        // stops workers after an error.
        let mut consume = move || -> Result<Vec<Malformed>> {
            let mut pending = std::collections::BTreeMap::new();
            let mut next = 0;
            let mut malformed = Vec::new();
            for (c, out) in rx.iter() {
                pending.insert(c, out?);
                while let Some((items, bad)) = pending.remove(&next) {
                    malformed.extend(bad);
                    sink(items)?;
                    next += 1;
                }
            }
            Ok(malformed)
        };
        let result = consume();
        if result.is_err() {
            cancel.store(true, Ordering::Relaxed);
        }
        result
    })
}

fn too_large(file: String, len: u64) -> Malformed {
    Malformed {
        file,
        id: None,
        reason: format!("record file of {len} bytes exceeds the limit of {MAX_RECORD_BYTES}"),
    }
}

fn read_tree_files(paths: &[PathBuf], root: &Path) -> ChunkResult {
    let mut batch = Vec::with_capacity(paths.len());
    let mut malformed = Vec::new();
    for path in paths {
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        let format = Format::from_name(&name).unwrap_or(Format::Json);
        let len = std::fs::metadata(path).at(path)?.len();
        if len > MAX_RECORD_BYTES {
            malformed.push(too_large(name, len));
            continue;
        }
        let bytes = std::fs::read(path).at(path)?;
        batch.push(RawFile {
            name,
            bytes,
            format,
        });
    }
    Ok((batch, malformed))
}

type ZipReader = zip::ZipArchive<SeekBuf<File>>;

/// A read buffer that survives seeks landing inside it. The zip reader
/// seeks to every entry's header; `BufReader` would throw its buffer away
/// each time and read a full buffer again for an entry of a few hundred
/// bytes, which made reading an export copy its size many times over.
pub struct SeekBuf<R> {
    inner: R,
    buf: Vec<u8>,
    /// File offset of `buf[0]`.
    start: u64,
    /// Valid bytes in `buf`.
    len: usize,
    /// Read position inside `buf`.
    pos: usize,
}

impl<R: Read + Seek> SeekBuf<R> {
    /// Wraps `inner` (positioned at 0) with a buffer of `capacity` bytes.
    pub fn new(inner: R, capacity: usize) -> Self {
        Self {
            inner,
            buf: vec![0; capacity.max(512)],
            start: 0,
            len: 0,
            pos: 0,
        }
    }
}

impl<R: Read + Seek> Read for SeekBuf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.len {
            // Large reads bypass the buffer.
            if out.len() >= self.buf.len() {
                let here = self.start + self.pos as u64;
                let n = self.inner.read(out)?;
                self.start = here + n as u64;
                self.len = 0;
                self.pos = 0;
                return Ok(n);
            }
            self.start += self.len as u64;
            self.len = self.inner.read(&mut self.buf)?;
            self.pos = 0;
        }
        let n = out.len().min(self.len - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl<R: Read + Seek> Seek for SeekBuf<R> {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let here = self.start + self.pos as u64;
        let target = match to {
            std::io::SeekFrom::Start(p) => Some(p),
            std::io::SeekFrom::Current(d) => here.checked_add_signed(d),
            std::io::SeekFrom::End(_) => None,
        };
        if let Some(t) = target
            && t >= self.start
            && t <= self.start + self.len as u64
        {
            self.pos = usize::try_from(t - self.start).unwrap_or(self.len);
            return Ok(t);
        }
        let new = match (to, target) {
            (std::io::SeekFrom::End(_), _) => self.inner.seek(to)?,
            (_, Some(t)) => self.inner.seek(std::io::SeekFrom::Start(t))?,
            // The inner reader is ahead of the logical position, so a
            // relative seek cannot be passed on; before 0 is invalid anyway.
            (_, None) => {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "invalid seek to a negative or overflowing position",
                ));
            }
        };
        self.start = new;
        self.len = 0;
        self.pos = 0;
        Ok(new)
    }
}

fn zip_error(path: &Path) -> impl Fn(zip::result::ZipError) -> Error + '_ {
    move |e| Error::Input {
        path: path.to_owned(),
        reason: format!("damaged zip archive: {e}"),
    }
}

fn open_zip(path: &Path) -> Result<ZipReader> {
    // Entries are read one by one with seeks; unbuffered, every small read
    // of a header would be a system call.
    let f = SeekBuf::new(File::open(path).at(path)?, 1 << 16);
    zip::ZipArchive::new(f).map_err(zip_error(path))
}

fn read_zip_entries<R: Read + Seek>(
    archive: &mut zip::ZipArchive<R>,
    range: std::ops::Range<usize>,
    path: &Path,
) -> ChunkResult {
    let mut malformed = Vec::new();
    let mut batch = Vec::with_capacity(range.len());
    for i in range {
        let mut entry = archive.by_index(i).map_err(zip_error(path))?;
        if entry.is_dir() {
            continue;
        }
        let name = match entry.name() {
            Ok(n) => n.into_owned(),
            Err(e) => {
                malformed.push(Malformed {
                    file: format!("entry #{i}"),
                    id: None,
                    reason: format!("unreadable entry name: {e}"),
                });
                continue;
            }
        };
        let Some(format) = Format::from_name(&name) else {
            continue;
        };
        let size = entry.size();
        if size > MAX_RECORD_BYTES {
            malformed.push(too_large(name, size));
            continue;
        }
        let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        // Reading to the end makes the zip crate check the entry's CRC-32,
        // which is what detects a corrupted download.
        (&mut entry)
            .take(MAX_RECORD_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::Input {
                path: path.to_owned(),
                reason: format!("damaged zip archive: entry {name}: {e}"),
            })?;
        if bytes.len() as u64 > MAX_RECORD_BYTES {
            malformed.push(too_large(name, bytes.len() as u64));
            continue;
        }
        batch.push(RawFile {
            name,
            bytes,
            format,
        });
    }
    Ok((batch, malformed))
}

/// Reads every record entry of a zip archive held by `reader` (for callers
/// with the archive in memory; files go through [`read_source`]).
pub fn read_zip<R: Read + Seek>(
    reader: R,
    path: &Path,
    sink: &mut impl FnMut(Vec<RawFile>) -> Result<()>,
    on_total: impl FnOnce(u64),
) -> Result<Vec<Malformed>> {
    let mut archive = zip::ZipArchive::new(reader).map_err(zip_error(path))?;
    on_total(archive.len() as u64);
    let mut malformed = Vec::new();
    let len = archive.len();
    for start in (0..len).step_by(BATCH) {
        let (batch, bad) = read_zip_entries(&mut archive, start..(start + BATCH).min(len), path)?;
        malformed.extend(bad);
        sink(batch)?;
    }
    Ok(malformed)
}

/// Every regular file under `dir` whose name `keep` accepts (symlinks are
/// not followed: `file_type` does not resolve them).
pub(crate) fn walk(dir: &Path, keep: &dyn Fn(&str) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let path = entry.path();
        let ty = entry.file_type().at(&path)?;
        if ty.is_dir() {
            walk(&path, keep, out)?;
        } else if ty.is_file() && keep(&entry.file_name().to_string_lossy()) {
            out.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> RawFile {
        RawFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
            format: Format::from_name(name).unwrap(),
        }
    }

    #[test]
    fn json_array_yields_each_record() {
        let out = parse_file(&file(
            "a.json",
            r#" [{"id":"A-1","modified":"2024-01-01T00:00:00Z"},{"id":"","modified":"x"},{"nope":1}]"#,
        ));
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_ref().unwrap().advisory.id, "A-1");
        assert_eq!(out[1].as_ref().unwrap_err().reason, "missing id");
        assert!(out[2].is_err());
    }

    #[test]
    fn yaml_record_becomes_json() {
        let out = parse_file(&file(
            "p.yaml",
            "id: PYSEC-1\nmodified: \"2024-01-01T00:00:00Z\"\naffected:\n- package: {name: Foo, ecosystem: PyPI}\n  versions: [\"1.0\", 2.0]\n",
        ));
        let p = out[0].as_ref().unwrap();
        assert_eq!(p.advisory.affected[0].versions, vec!["1.0", "2.0"]);
        let v: serde_json::Value = serde_json::from_slice(&p.json).unwrap();
        assert_eq!(v["id"], "PYSEC-1");
    }

    #[test]
    fn malformed_keeps_id_when_readable() {
        let out = parse_file(&file(
            "b.json",
            r#"{"id":"B-2","modified":"t","affected":[{"ranges":7}]}"#,
        ));
        let m = out[0].as_ref().unwrap_err();
        assert_eq!(m.id.as_deref(), Some("B-2"));
        assert_eq!(m.file, "b.json");
        assert!(m.reason.contains("invalid type"), "{}", m.reason);
    }

    proptest::proptest! {
        /// Reads and seeks through SeekBuf return what a plain cursor does.
        #[test]
        fn seek_buf_matches_cursor(
            data in proptest::collection::vec(proptest::num::u8::ANY, 0..3000),
            ops in proptest::collection::vec((0u8..3, 0usize..3500, 0usize..700), 1..40),
        ) {
            use std::io::{Cursor, SeekFrom};
            let mut plain = Cursor::new(data.clone());
            let mut buffered = SeekBuf::new(Cursor::new(data), 512);
            for (op, a, b) in ops {
                match op {
                    0 => {
                        let (mut x, mut y) = (vec![0; b], vec![0; b]);
                        let n = plain.read(&mut x).unwrap();
                        let mut m = 0;
                        while m < n {
                            let k = buffered.read(&mut y[m..n]).unwrap();
                            if k == 0 { break; }
                            m += k;
                        }
                        proptest::prop_assert_eq!(&x[..n], &y[..m]);
                    }
                    1 => {
                        let to = SeekFrom::Start(a as u64);
                        proptest::prop_assert_eq!(plain.seek(to).unwrap(), buffered.seek(to).unwrap());
                    }
                    _ => {
                        let d = a as i64 - 1750;
                        let (p, q) = (plain.seek(SeekFrom::Current(d)), buffered.seek(SeekFrom::Current(d)));
                        proptest::prop_assert_eq!(p.is_ok(), q.is_ok());
                        if let (Ok(p), Ok(q)) = (p, q) {
                            proptest::prop_assert_eq!(p, q);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn garbage_never_panics() {
        for text in ["", "{", "[", "null", "\u{feff}{}", "[[[]]]", "{\"id\":1}"] {
            let _ = parse_file(&file("g.json", text));
            let _ = parse_file(&file("g.yaml", text));
        }
    }
}
