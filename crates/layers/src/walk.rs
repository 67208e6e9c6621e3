//! The walk: every layer streamed once, layers in parallel (largest first,
//! so the longest decode starts earliest), entries recorded in the index,
//! requested files captured, limits enforced. Root filesystem directories
//! walk the same way as a single layer ([`crate::rootfs`]).

use std::io::Read;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use bosun_image::{Image, LayerDigests, VerifiedBlobs};

use crate::cache::LayerCache;
use crate::error::{Error, Result};
use crate::index::{EntryKind, IndexMode, LayerIndex, LayerTable, Meta, Op};
use crate::path::{Name, Refused, classify, normalize};
use crate::request::{Content, FileRequest, HEAD, Matcher};

/// Bounds a user can raise for unusual images.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Total uncompressed bytes across all layers.
    pub max_total_bytes: u64,
    /// Entries in one layer.
    pub max_entries_per_layer: u64,
    /// Longest path or link target, in bytes.
    pub max_path_len: usize,
    /// Symbolic links followed while resolving one path.
    pub max_symlink_hops: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_total_bytes: 64 << 30,
            max_entries_per_layer: 4_000_000,
            max_path_len: 4096,
            max_symlink_hops: 40,
        }
    }
}

/// Options of a walk.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Limits.
    pub limits: Limits,
    /// Layers decoded at once; 0 means one per core.
    pub threads: usize,
    /// How much of each layer to keep (everything, by default).
    pub index: IndexMode,
    /// Reuse and keep per-layer results ([`IndexMode::Visibility`] walks only).
    pub cache: Option<LayerCache>,
    /// Honour `.gitignore` files (and skip `.git/`) when walking a root
    /// filesystem directory: set for source trees, not for unpacked images,
    /// whose stray `.gitignore` files say nothing about what is installed.
    pub gitignore: bool,
    /// Fingerprint (XXH3-128) the content of every regular file of at
    /// least this many bytes, for finding identical files
    /// ([`FileInfo::content`](crate::FileInfo)); image layers in
    /// [`IndexMode::Full`] only. The bytes pass through the decompressor
    /// anyway; hashing them costs little next to that.
    pub fingerprint_from: Option<u64>,
}

/// Receives progress from the walk (from several threads).
pub trait Progress: Sync {
    /// The walk starts; `sizes[i]` is layer i's blob size.
    fn start(&self, _sizes: &[u64]) {}
    /// Layer `layer` consumed `bytes` more compressed-equivalent bytes.
    fn advance(&self, _layer: usize, _bytes: u64) {}
    /// Layer `layer` is done.
    fn layer_done(&self, _layer: usize) {}
}

/// A [`Progress`] that ignores everything.
#[derive(Debug, Default)]
pub struct NoProgress;
impl Progress for NoProgress {}

/// What the walk learnt about one layer.
#[derive(Debug, Clone)]
pub struct LayerReport {
    /// The layer.
    pub index: usize,
    /// Tar entries (whiteouts included).
    pub entries: u64,
    /// Regular files.
    pub files: u64,
    /// Bytes of the uncompressed tar.
    pub uncompressed_size: u64,
    /// The verified digests and the detected compression (none for `dir:`).
    pub digests: Option<LayerDigests>,
}

pub use bosun_types::inspect::Warning;

/// A requested file's content from one layer.
#[derive(Debug, Clone)]
pub struct FoundFile {
    /// Indexes of the requests it matched.
    pub requests: Vec<usize>,
    /// The path, without a leading slash.
    pub path: String,
    /// The layer it came from.
    pub layer: usize,
    /// Permission bits.
    pub mode: u32,
    /// The content.
    pub content: Content,
    /// True when this layer's version is the one in the final filesystem.
    pub visible: bool,
    pub(crate) entry: u32,
}

/// The result of a walk.
#[derive(Debug)]
pub struct Walk {
    /// The merged index.
    pub index: LayerIndex,
    /// One report per layer.
    pub layers: Vec<LayerReport>,
    /// Requested files, every layer's version, in (layer, archive) order.
    pub files: Vec<FoundFile>,
    /// Refused or skipped entries.
    pub warnings: Vec<Warning>,
}

impl Walk {
    /// Requested files present in the final filesystem.
    pub fn visible_files(&self) -> impl Iterator<Item = &FoundFile> {
        self.files.iter().filter(|f| f.visible)
    }
}

pub(crate) struct LayerOut {
    pub(crate) table: LayerTable,
    pub(crate) report: LayerReport,
    pub(crate) files: Vec<FoundFile>,
    pub(crate) warnings: Vec<Warning>,
}

/// Walks every layer of `image` (or its root filesystem directory).
pub fn walk(
    image: &Image,
    requests: &[FileRequest],
    opts: &WalkOptions,
    progress: &dyn Progress,
) -> Result<Walk> {
    let matcher = Matcher::new(requests)?;
    let limits = opts.limits;
    if let Some(root) = &image.rootfs {
        let out = crate::rootfs::walk_rootfs(root, &matcher, &limits, opts.index, opts.gitignore)?;
        return Ok(finish(vec![out], &limits));
    }
    let n = image.layers.len();
    if n > usize::from(u16::MAX) {
        return Err(Error::Limit {
            what: image.reference.to_string(),
            reason: format!("{n} layers (at most {})", u16::MAX),
        });
    }
    let sizes: Vec<u64> = image.layers.iter().map(|l| l.size).collect();
    progress.start(&sizes);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sizes[i]));
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism().map_or(2, usize::from)
    } else {
        opts.threads
    }
    .min(n.max(1));

    // Blobs served from the layer cache are still checked against their
    // digest (cheaply, by what the record already vouches for).
    let known = match &opts.cache {
        Some(c) => VerifiedBlobs::load(c.dir()),
        None => VerifiedBlobs::none(),
    };
    let next = AtomicUsize::new(0);
    let total = AtomicU64::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<Option<Result<LayerOut>>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    if failed.load(Ordering::Relaxed) {
                        return;
                    }
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { return };
                    let r = cached_layer(image, i, requests, opts, &known, &total, progress)
                        .unwrap_or_else(|entry| {
                            let r = walk_layer(
                                image,
                                i,
                                &matcher,
                                &limits,
                                (opts.index, opts.fingerprint_from),
                                &total,
                                progress,
                            );
                            if let Ok(out) = &r
                                && let Some(d) = &out.report.digests
                            {
                                known.note_streamed(d);
                            }
                            if let (Ok(out), Some(path)) = (&r, entry) {
                                // A failed write only costs the next run a walk.
                                let _ = crate::cache::store(&path, out);
                            }
                            r
                        });
                    if r.is_err() {
                        failed.store(true, Ordering::Relaxed);
                    }
                    progress.layer_done(i);
                    if let Ok(mut v) = results.lock() {
                        v[i] = Some(r);
                    }
                }
            });
        }
    });
    // A failed write only costs a later run some hashing.
    let _ = known.save();
    let results = results.into_inner().unwrap_or_default();
    let mut outs = Vec::with_capacity(n);
    // Report the lowest failed layer's error; layers not started after a
    // failure have no result.
    for r in results.into_iter().flatten() {
        outs.push(r?);
    }
    if outs.len() != n {
        return Err(Error::Limit {
            what: image.reference.to_string(),
            reason: "walk stopped early".into(),
        });
    }
    Ok(finish(outs, &limits))
}

/// Layer `i` from the cache (`Ok`), or the entry to store it in after
/// walking it (`Err`; `None` when the walk is not cacheable).
fn cached_layer(
    image: &Image,
    i: usize,
    requests: &[FileRequest],
    opts: &WalkOptions,
    known: &VerifiedBlobs,
    total: &AtomicU64,
    progress: &dyn Progress,
) -> std::result::Result<Result<LayerOut>, Option<std::path::PathBuf>> {
    let Some(cache) = opts
        .cache
        .as_ref()
        .filter(|_| crate::cache::applies(opts.index))
    else {
        return Err(None);
    };
    let layer = &image.layers[i];
    let digest = layer.digest.as_ref().map(ToString::to_string);
    let diff_id = layer.diff_id.as_ref().map(ToString::to_string);
    let Some(path) = cache.entry(
        digest.as_deref(),
        diff_id.as_deref(),
        requests,
        &opts.limits,
    ) else {
        return Err(None);
    };
    let Some(out) = crate::cache::load(&path, i) else {
        return Err(Some(path));
    };
    // The entry vouches for what a blob with this digest holds, not that
    // this image has it.
    if let Err(e) = image.verify_layer_blob(i, known) {
        return Ok(Err(e.into()));
    }
    let what = format!("layer {i}");
    let counted = add_total(total, out.report.uncompressed_size, &opts.limits, &what);
    progress.advance(i, layer.size);
    Ok(counted.map(|()| out))
}

fn finish(outs: Vec<LayerOut>, limits: &Limits) -> Walk {
    let mut tables = Vec::with_capacity(outs.len());
    let mut layers = Vec::with_capacity(outs.len());
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for o in outs {
        tables.push(o.table);
        layers.push(o.report);
        files.extend(o.files);
        warnings.extend(o.warnings);
    }
    let index = LayerIndex::build(tables, limits.max_symlink_hops);
    for f in &mut files {
        f.visible = index.is_visible(&f.path, f.layer, f.entry);
    }
    Walk {
        index,
        layers,
        files,
        warnings,
    }
}

/// Recovers the image error (digest mismatch, size limit) an I/O error
/// from a layer stream carries.
fn tar_error(what: &str, e: bosun_tar::Error) -> Error {
    if let bosun_tar::Error::Io { source, .. } = &e
        && source
            .get_ref()
            .is_some_and(|i| i.is::<bosun_image::Error>())
        && let bosun_tar::Error::Io { source, .. } = e
    {
        return Error::Image(bosun_image::Error::from_io(what, source));
    }
    Error::Tar {
        layer: what.to_owned(),
        source: e,
    }
}

fn refused_reason(r: &Refused) -> &'static str {
    match r {
        Refused::Escape => "path climbs above the image root; entry refused",
        Refused::Invalid => "path is not valid UTF-8 or holds a NUL byte; entry refused",
        Refused::WhiteoutMeta => "whiteout metadata entry; ignored",
    }
}

fn walk_layer(
    image: &Image,
    i: usize,
    matcher: &Matcher,
    limits: &Limits,
    (mode, fingerprint_from): (IndexMode, Option<u64>),
    total: &AtomicU64,
    progress: &dyn Progress,
) -> Result<LayerOut> {
    let fingerprint_from = fingerprint_from.filter(|_| mode == IndexMode::Full);
    let stream = image.open_layer(i, Some(limits.max_total_bytes))?;
    let what = stream.what().to_owned();
    let blob_size = image.layers[i].size;
    let mut tar = bosun_tar::Reader::with_limits(
        stream,
        bosun_tar::Limits {
            max_metadata: 1 << 20,
            max_path_len: limits.max_path_len,
        },
    );
    let mut table = LayerTable::new(mode);
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut entries = 0u64;
    let mut regular = 0u64;
    let mut ids: Vec<usize> = Vec::new();
    let mut counted = 0u64;
    let mut reported = 0u64;
    // Hard links whose target was captured earlier in this layer.
    let mut captured: std::collections::HashMap<String, Vec<usize>> = Default::default();

    // Any failure to read the tar may be an altered blob: the root cause
    // (a digest mismatch) is reported before the symptom.
    let read = (|| -> Result<()> {
        loop {
            let mut entry = match tar.next_entry() {
                Ok(Some(e)) => e,
                Ok(None) => break,
                Err(e) => return Err(tar_error(&what, e)),
            };
            entries += 1;
            if entries > limits.max_entries_per_layer {
                return Err(Error::Limit {
                    what: what.clone(),
                    reason: format!(
                        "more than {} entries in one layer; raise it with --max-layer-entries",
                        limits.max_entries_per_layer
                    ),
                });
            }
            let offset = entry.offset();
            if offset - counted >= 1 << 20 {
                let delta = offset - counted;
                counted = offset;
                add_total(total, delta, limits, &what)?;
                // Progress in blob bytes, estimated from the tar offset.
                let est = estimate(offset, blob_size);
                if est > reported {
                    progress.advance(i, est - reported);
                    reported = est;
                }
            }
            let h = entry.header().clone();
            let name = match normalize(&h.path).and_then(classify) {
                Ok(n) => n,
                Err(r) => {
                    warnings.push(Warning {
                        layer: i,
                        path: String::from_utf8_lossy(&h.path).into_owned(),
                        reason: refused_reason(&r).into(),
                    });
                    continue;
                }
            };
            let kind = EntryKind::from(h.kind);
            let link_str;
            let link = match &h.link {
                Some(l) => {
                    link_str = String::from_utf8_lossy(l);
                    Some(link_str.as_ref())
                }
                None => None,
            };
            let meta = Meta {
                kind,
                mode: h.mode,
                uid: h.uid,
                gid: h.gid,
                size: h.size,
                link,
            };
            let (path, op) = match name {
                Name::Plain(p) => (p, Op::Write),
                Name::Whiteout(p) => (p, Op::Whiteout),
                Name::Opaque(p) => (p, Op::Opaque),
            };
            let Some(idx) = table.push(&path, op, meta) else {
                return Err(Error::Limit {
                    what: what.clone(),
                    reason: "more than 4 GiB of path names in one layer".into(),
                });
            };
            if op != Op::Write {
                continue;
            }
            if kind == EntryKind::File {
                regular += 1;
            }
            let fingerprint = fingerprint_from
                .is_some_and(|min| kind == EntryKind::File && h.size >= min)
                .then(xxhash_rust::xxh3::Xxh3::new);
            let mut reader = Fingerprint {
                inner: &mut entry,
                hasher: fingerprint,
            };
            'entry: {
                if matcher.is_empty() || !matches!(kind, EntryKind::File | EntryKind::HardLink) {
                    break 'entry;
                }
                ids.clear();
                matcher.by_name(&path, &mut ids);
                if kind == EntryKind::HardLink {
                    let target = link.and_then(|l| normalize(l.as_bytes()).ok());
                    let srcs = target.as_ref().and_then(|t| captured.get(t)).cloned();
                    if let Some(srcs) = srcs {
                        link_files(matcher, &ids, &srcs, &mut files, &path, idx);
                    } else if !ids.is_empty() {
                        warnings.push(Warning {
                            layer: i,
                            path,
                            reason: "requested file is a hard link to content not captured".into(),
                        });
                    }
                    break 'entry;
                }
                let mut head = [0u8; HEAD];
                let mut head_len = 0;
                if matcher.wants_kinds() && h.size >= 4 {
                    let want = HEAD.min(h.size as usize);
                    reader.read_exact(&mut head[..want]).map_err(|e| {
                        tar_error(&what, bosun_tar::Error::Io { offset, source: e })
                    })?;
                    head_len = want;
                    matcher.by_kind(&head[..want], &mut ids);
                }
                if ids.is_empty() {
                    break 'entry;
                }
                if h.size > matcher.max_size(&ids) {
                    warnings.push(Warning {
                        layer: i,
                        path,
                        reason: format!(
                            "{} bytes: larger than the requests accept; not read",
                            h.size
                        ),
                    });
                    break 'entry;
                }
                let content = Content::capture(&head[..head_len], &mut reader, h.size)
                    .map_err(|e| tar_error(&what, bosun_tar::Error::Io { offset, source: e }))?;
                let first = files.len();
                let found = Captured {
                    path: &path,
                    layer: i,
                    mode: h.mode,
                    entry: idx,
                };
                found.extract(matcher, &ids, content, &mut files, &mut warnings);
                if files.len() > first {
                    captured.insert(path, (first..files.len()).collect());
                }
            }
            // The rest of a fingerprinted file goes through the hasher
            // (the tar reader would have read and dropped it anyway).
            if reader.hasher.is_some() {
                std::io::copy(&mut reader, &mut std::io::sink())
                    .map_err(|e| tar_error(&what, bosun_tar::Error::Io { offset, source: e }))?;
                if let Some(hasher) = reader.hasher.take() {
                    table.set_hash(idx, hasher.digest128());
                }
            }
        }
        Ok(())
    })();
    if let Err(e) = read {
        let mut stream = tar.into_inner();
        return Err(stream.blob_mismatch().map_or(e, Error::Image));
    }
    let stream = tar.into_inner();
    let digests = stream.finish()?;
    let size = digests.diff.size;
    add_total(total, size.saturating_sub(counted), limits, &what)?;
    progress.advance(i, blob_size.saturating_sub(reported));
    table.finish();
    Ok(LayerOut {
        table,
        report: LayerReport {
            index: i,
            entries,
            files: regular,
            uncompressed_size: size,
            digests: Some(digests),
        },
        files,
        warnings,
    })
}

/// A tar entry's reader that feeds every byte read through a hasher, when
/// the file is to be fingerprinted.
struct Fingerprint<'a, R: Read> {
    inner: &'a mut R,
    hasher: Option<xxhash_rust::xxh3::Xxh3>,
}

impl<R: Read> Read for Fingerprint<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let (Some(h), Some(read)) = (&mut self.hasher, buf.get(..n)) {
            h.update(read);
        }
        Ok(n)
    }
}

/// Where a captured file sits, for the found files made from it.
pub(crate) struct Captured<'a> {
    pub(crate) path: &'a str,
    pub(crate) layer: usize,
    pub(crate) mode: u32,
    pub(crate) entry: u32,
}

impl Captured<'_> {
    /// Turns one captured file into the found files its requests want: the
    /// whole content for requests without an extractor, and one extraction
    /// per distinct extractor (none when it finds nothing). The full capture
    /// is dropped on return, so a spooled temporary file goes away at once.
    pub(crate) fn extract(
        &self,
        matcher: &Matcher,
        ids: &[usize],
        content: Content,
        files: &mut Vec<FoundFile>,
        warnings: &mut Vec<Warning>,
    ) {
        for (x, requests) in matcher.groups(ids) {
            let content = match x {
                None => content.clone(),
                Some(f) => match f(&content) {
                    Ok(Some(b)) => Content::Memory(b.into()),
                    Ok(None) => continue,
                    Err(e) => {
                        warnings.push(Warning {
                            layer: self.layer,
                            path: self.path.to_owned(),
                            reason: format!("unreadable: {e}"),
                        });
                        continue;
                    }
                },
            };
            files.push(FoundFile {
                requests,
                path: self.path.to_owned(),
                layer: self.layer,
                mode: self.mode,
                content,
                visible: false,
                entry: self.entry,
            });
        }
    }
}

/// Adds found files for a hard link to captured files (`srcs`): each keeps
/// its extraction, and the requests the link's own name matched join the
/// file of the same extraction.
fn link_files(
    matcher: &Matcher,
    ids: &[usize],
    srcs: &[usize],
    files: &mut Vec<FoundFile>,
    path: &str,
    entry: u32,
) {
    for &src in srcs {
        let f = &files[src];
        let mut requests = f.requests.clone();
        for &r in ids {
            if !requests.contains(&r)
                && f.requests
                    .first()
                    .is_some_and(|&o| matcher.same_extraction(o, r))
            {
                requests.push(r);
            }
        }
        let linked = FoundFile {
            requests,
            path: path.to_owned(),
            layer: f.layer,
            mode: f.mode,
            content: f.content.clone(),
            visible: false,
            entry,
        };
        files.push(linked);
    }
}

/// Adds a layer's progress to the image-wide uncompressed total and checks
/// the limit (layers run in parallel, so the total is shared).
fn add_total(total: &AtomicU64, delta: u64, limits: &Limits, what: &str) -> Result<()> {
    if total.fetch_add(delta, Ordering::Relaxed) + delta > limits.max_total_bytes {
        return Err(Error::Limit {
            what: what.to_owned(),
            reason: format!(
                "image uncompressed size above {} bytes; raise it with --max-image-bytes",
                limits.max_total_bytes
            ),
        });
    }
    Ok(())
}

/// Blob bytes consumed, estimated from uncompressed progress (a layer's
/// compression ratio is not known until its end; 3:1 is typical).
fn estimate(offset: u64, blob_size: u64) -> u64 {
    (offset / 3).min(blob_size)
}
