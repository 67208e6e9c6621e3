//! The layer index: for every path, which layers wrote it and which deleted
//! it, and its final state once whiteouts and opaque directories apply.
//!
//! Built for images with millions of entries: paths live in one string
//! arena per layer, an entry is 40 bytes, and the merged view is two flat
//! vectors of small integers. Events are sorted in tree order (`/` before
//! every other byte), so a directory's descendants follow it and the union
//! filesystem's rules apply in one pass with a stack of ancestors.

#![warn(clippy::indexing_slicing)]

use serde::Serialize;

use crate::path::{is_ancestor, tree_cmp};
use crate::visibility::Marks;

/// How much of each layer the walk keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum IndexMode {
    /// Every entry with its metadata: the [`LayerIndex`] answers any path
    /// query (`bosun inspect`).
    #[default]
    Full,
    /// Only what decides which requested files are visible (path hashes of
    /// writes, whiteouts and opaque markers, about 12 bytes an entry): the
    /// index answers no path queries. For catalogers, which need nothing
    /// more, on images with millions of files.
    Visibility,
}

/// The type of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A hard link to another path of the same layer.
    HardLink,
    /// A character device (never read).
    CharDevice,
    /// A block device (never read).
    BlockDevice,
    /// A named pipe.
    Fifo,
    /// Anything else the archive held.
    Other,
}

impl From<bosun_tar::EntryKind> for EntryKind {
    fn from(k: bosun_tar::EntryKind) -> Self {
        match k {
            bosun_tar::EntryKind::Regular => EntryKind::File,
            bosun_tar::EntryKind::Directory => EntryKind::Dir,
            bosun_tar::EntryKind::Symlink => EntryKind::Symlink,
            bosun_tar::EntryKind::HardLink => EntryKind::HardLink,
            bosun_tar::EntryKind::CharDevice => EntryKind::CharDevice,
            bosun_tar::EntryKind::BlockDevice => EntryKind::BlockDevice,
            bosun_tar::EntryKind::Fifo => EntryKind::Fifo,
            bosun_tar::EntryKind::Other(_) => EntryKind::Other,
        }
    }
}

/// What a layer entry does to its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Op {
    /// Writes the path (file, directory, link, device).
    Write,
    /// Deletes the path from the layers below (`.wh.NAME`).
    Whiteout,
    /// Hides everything below the directory in the layers below
    /// (`.wh..wh..opq`); the path is the directory.
    Opaque,
}

/// One entry of one layer, as its tar had it (whiteouts and opaque
/// markers name the path they act on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LayerEntry<'a> {
    /// The path, relative to the root, without a leading slash.
    pub path: &'a str,
    /// What the entry does.
    pub op: Op,
    /// The entry type (of a write).
    pub kind: EntryKind,
    /// Permission bits, setuid, setgid and sticky.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// The size the tar header gives (0 for all but regular files).
    pub size: u64,
}

const NO_LINK: u32 = u32::MAX;

/// One entry of one layer, compact.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RawEntry {
    path_off: u32,
    path_len: u32,
    link_off: u32,
    link_len: u32,
    size: u64,
    uid: u32,
    gid: u32,
    mode: u16,
    kind: EntryKind,
    op: Op,
}

/// All entries of one layer, in archive order.
#[derive(Debug, Default)]
pub(crate) struct LayerTable {
    arena: String,
    entries: Vec<RawEntry>,
    /// Entry numbers in tree order (ties in archive order), filled by
    /// [`LayerTable::finish`] on the layer's own thread.
    sorted: Vec<u32>,
    /// In [`IndexMode::Visibility`], what the layer did instead of `entries`.
    marks: Option<Marks>,
    /// Entries pushed, in either mode.
    count: usize,
    /// XXH3-128 of the content of the regular files the walk was asked to
    /// fingerprint, by entry number.
    hashes: std::collections::HashMap<u32, u128>,
}

/// Metadata of a written entry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Meta<'a> {
    pub(crate) kind: EntryKind,
    pub(crate) mode: u32,
    pub(crate) uid: u64,
    pub(crate) gid: u64,
    pub(crate) size: u64,
    pub(crate) link: Option<&'a str>,
}

impl LayerTable {
    /// An empty table keeping what `mode` asks for.
    pub(crate) fn new(mode: IndexMode) -> Self {
        Self {
            marks: (mode == IndexMode::Visibility).then(Marks::default),
            ..Self::default()
        }
    }

    /// A finished visibility-only table (from the layer cache).
    pub(crate) fn from_marks(marks: Marks, count: usize) -> Self {
        Self {
            marks: Some(marks),
            count,
            ..Self::default()
        }
    }

    /// The marks of a visibility-only table.
    pub(crate) fn marks(&self) -> Option<&Marks> {
        self.marks.as_ref()
    }

    /// Adds an entry; `None` when the layer's arena is full (4 GiB of paths).
    pub(crate) fn push(&mut self, path: &str, op: Op, meta: Meta<'_>) -> Option<u32> {
        if let Some(m) = &mut self.marks {
            let entry = u32::try_from(self.count).ok().filter(|&e| e < u32::MAX)?;
            m.push(path, op, meta.kind, entry);
            self.count += 1;
            return Some(entry);
        }
        let link = meta.link.unwrap_or("");
        if self.arena.len() + path.len() + link.len() > u32::MAX as usize - 1
            || self.entries.len() >= u32::MAX as usize - 1
        {
            return None;
        }
        let path_off = self.arena.len() as u32;
        self.arena.push_str(path);
        let (link_off, link_len) = match meta.link {
            Some(l) => {
                let off = self.arena.len() as u32;
                self.arena.push_str(l);
                (off, l.len() as u32)
            }
            None => (NO_LINK, 0),
        };
        self.entries.push(RawEntry {
            path_off,
            path_len: path.len() as u32,
            link_off,
            link_len,
            size: meta.size,
            uid: u32::try_from(meta.uid).unwrap_or(u32::MAX),
            gid: u32::try_from(meta.gid).unwrap_or(u32::MAX),
            mode: (meta.mode & 0o7777) as u16,
            kind: meta.kind,
            op,
        });
        self.count += 1;
        Some(self.entries.len() as u32 - 1)
    }

    /// Records entry `i`'s content fingerprint (full tables only).
    pub(crate) fn set_hash(&mut self, i: u32, hash: u128) {
        if self.marks.is_none() {
            self.hashes.insert(i, hash);
        }
    }

    /// Entry `i`, if the table has it (every index the merge made does).
    fn entry(&self, i: u32) -> Option<&RawEntry> {
        self.entries.get(i as usize)
    }

    /// Entry `i`'s path; empty for an index the table does not have.
    fn path(&self, i: u32) -> &str {
        self.entry(i)
            .and_then(|e| {
                self.arena
                    .get(e.path_off as usize..(e.path_off + e.path_len) as usize)
            })
            .unwrap_or_default()
    }

    fn link(&self, e: &RawEntry) -> Option<&str> {
        if e.link_off == NO_LINK {
            return None;
        }
        self.arena
            .get(e.link_off as usize..(e.link_off + e.link_len) as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.count
    }

    /// Sorts the layer's entries in tree order and trims allocations; runs
    /// on the layer's worker thread, overlapping other layers' decoding.
    pub(crate) fn finish(&mut self) {
        if let Some(m) = &mut self.marks {
            m.finish();
            return;
        }
        self.arena.shrink_to_fit();
        self.entries.shrink_to_fit();
        let mut order: Vec<u32> = (0..self.entries.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| tree_cmp(self.path(a), self.path(b)).then(a.cmp(&b)));
        self.sorted = order;
    }
}

/// A reference to one event: (layer, entry within the layer).
type EventRef = (u16, u32);

const NONE: u32 = u32::MAX;

/// The next entry of one layer's sorted run, during the merge.
#[derive(Debug, PartialEq, Eq)]
struct Head<'a> {
    path: &'a str,
    layer: u16,
    pos: usize,
}

impl Ord for Head<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        tree_cmp(self.path, other.path).then(self.layer.cmp(&other.layer))
    }
}

impl PartialOrd for Head<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, Copy)]
struct Group {
    /// First event of this path in `events`.
    start: u32,
    /// The event that is the final state, or NONE when the path is gone.
    visible: u32,
}

/// The merged view of all layers.
#[derive(Debug, Default)]
pub struct LayerIndex {
    layers: Vec<LayerTable>,
    events: Vec<EventRef>,
    groups: Vec<Group>,
    visible_count: usize,
    max_symlink_hops: u32,
    /// Built from [`IndexMode::Visibility`] tables: no path queries.
    lean: bool,
}

/// The final state of a path (or its state in one layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FileInfo<'a> {
    /// The path, relative to the root, without a leading slash.
    pub path: &'a str,
    /// The layer this state comes from.
    pub layer: usize,
    /// The entry type.
    pub kind: EntryKind,
    /// Permission bits, setuid, setgid and sticky.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Size in bytes (regular files).
    pub size: u64,
    /// Link target (symbolic and hard links).
    pub link: Option<&'a str>,
    /// XXH3-128 of the content, for regular files the walk fingerprinted
    /// (`WalkOptions::fingerprint_from`).
    #[serde(skip)]
    pub content: Option<u128>,
}

/// What one layer did to a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "change")]
pub enum Change {
    /// The layer wrote the path.
    Wrote {
        /// The layer.
        layer: usize,
        /// What it wrote.
        kind: EntryKind,
    },
    /// The layer deleted it: a whiteout of the path or of an ancestor, an
    /// opaque ancestor, or an ancestor replaced by a non-directory.
    Deleted {
        /// The layer.
        layer: usize,
    },
}

impl LayerIndex {
    /// Merges per-layer tables (index = layer number).
    pub(crate) fn build(layers: Vec<LayerTable>, max_symlink_hops: u32) -> Self {
        if layers.iter().any(|t| t.marks.is_some()) {
            return Self {
                layers,
                max_symlink_hops,
                lean: true,
                ..Self::default()
            };
        }
        let total: usize = layers.iter().map(LayerTable::len).sum();
        let mut events: Vec<EventRef> = Vec::with_capacity(total);
        // k-way merge of the layers' sorted runs; ties go to the lower
        // layer, so a path's events come in layer order, each layer's in
        // archive order (the later entry of a layer wins, as when extracting).
        let mut heads: std::collections::BinaryHeap<std::cmp::Reverse<Head<'_>>> = layers
            .iter()
            .enumerate()
            .filter_map(|(l, t)| {
                let &first = t.sorted.first()?;
                Some(std::cmp::Reverse(Head {
                    path: t.path(first),
                    layer: l as u16,
                    pos: 0,
                }))
            })
            .collect();
        while let Some(std::cmp::Reverse(h)) = heads.pop() {
            let Some(t) = layers.get(h.layer as usize) else {
                continue;
            };
            if let Some(&e) = t.sorted.get(h.pos) {
                events.push((h.layer, e));
            }
            let next = h.pos + 1;
            if let Some(&e) = t.sorted.get(next) {
                heads.push(std::cmp::Reverse(Head {
                    path: t.path(e),
                    layer: h.layer,
                    pos: next,
                }));
            }
        }
        let path = |e: &EventRef| layers.get(e.0 as usize).map_or("", |t| t.path(e.1));

        let mut groups: Vec<Group> = Vec::new();
        let mut last: Option<&str> = None;
        for (i, e) in events.iter().enumerate() {
            let p = path(e);
            if last != Some(p) {
                groups.push(Group {
                    start: i as u32,
                    visible: NONE,
                });
                last = Some(p);
            }
        }

        // One pass in tree order with a stack of (group, kill layer): every
        // event below an ancestor's kill layer is hidden.
        let mut stack: Vec<(usize, i64)> = Vec::new();
        let mut visible_count = 0;
        let group_path = |groups: &[Group], g: usize| {
            groups
                .get(g)
                .and_then(|gr| events.get(gr.start as usize))
                .map_or("", path)
        };
        let entry = |e: &EventRef| layers.get(e.0 as usize).and_then(|t| t.entry(e.1));
        let is_op = |e: &EventRef, op: Op| entry(e).is_some_and(|r| r.op == op);
        for g in 0..groups.len() {
            let start = groups.get(g).map_or(0, |gr| gr.start as usize);
            let end = groups.get(g + 1).map_or(events.len(), |n| n.start as usize);
            let evs = events.get(start..end).unwrap_or_default();
            let p = group_path(&groups, g);
            while let Some(&(top, _)) = stack.last() {
                if is_ancestor(group_path(&groups, top), p) {
                    break;
                }
                stack.pop();
            }
            let inherited = stack.last().map_or(-1, |&(_, k)| k);
            let whiteout = evs
                .iter()
                .filter(|e| is_op(e, Op::Whiteout))
                .map(|e| i64::from(e.0))
                .max()
                .unwrap_or(-1);
            let cutoff = inherited.max(whiteout);
            let visible = evs
                .iter()
                .rposition(|e| is_op(e, Op::Write) && i64::from(e.0) >= cutoff);
            if let Some(v) = visible
                && let Some(gr) = groups.get_mut(g)
            {
                gr.visible = (start + v) as u32;
                visible_count += 1;
            }
            let mut kill = cutoff;
            for e in evs {
                let Some(r) = entry(e) else { continue };
                let replaces_dir = r.op == Op::Write && r.kind != EntryKind::Dir;
                if r.op == Op::Opaque || replaces_dir {
                    kill = kill.max(i64::from(e.0));
                }
            }
            stack.push((g, kill));
        }
        Self {
            layers,
            events,
            groups,
            visible_count,
            max_symlink_hops,
            lean: false,
        }
    }

    /// False for an index built in [`IndexMode::Visibility`]: it knows which
    /// requested files are visible, and answers every path query with
    /// nothing.
    pub fn is_complete(&self) -> bool {
        !self.lean
    }

    fn path_of(&self, e: EventRef) -> &str {
        self.layers.get(e.0 as usize).map_or("", |t| t.path(e.1))
    }

    /// The table and entry of an event (every event `build` made has both).
    fn raw(&self, e: EventRef) -> Option<(&LayerTable, &RawEntry)> {
        let t = self.layers.get(e.0 as usize)?;
        Some((t, t.entry(e.1)?))
    }

    /// The event at `i` in `events`, unless `i` is [`NONE`] or out of range.
    fn event(&self, i: u32) -> Option<EventRef> {
        if i == NONE {
            return None;
        }
        self.events.get(i as usize).copied()
    }

    fn info(&self, e: EventRef) -> Option<FileInfo<'_>> {
        let (t, r) = self.raw(e)?;
        Some(FileInfo {
            path: t.path(e.1),
            layer: e.0 as usize,
            kind: r.kind,
            mode: u32::from(r.mode),
            uid: r.uid,
            gid: r.gid,
            size: r.size,
            link: t.link(r),
            content: t.hashes.get(&e.1).copied(),
        })
    }

    fn group_of(&self, path: &str) -> Option<usize> {
        let path = path.trim_start_matches('/').trim_end_matches('/');
        self.groups
            .binary_search_by(|g| {
                let p = self.event(g.start).map_or("", |e| self.path_of(e));
                tree_cmp(p, path)
            })
            .ok()
    }

    fn group_events(&self, g: usize) -> &[EventRef] {
        let Some(start) = self.groups.get(g).map(|gr| gr.start as usize) else {
            return &[];
        };
        let end = self
            .groups
            .get(g + 1)
            .map_or(self.events.len(), |n| n.start as usize);
        self.events.get(start..end).unwrap_or_default()
    }

    /// Number of paths present in the final filesystem.
    pub fn len(&self) -> usize {
        self.visible_count
    }

    /// True when the final filesystem is empty.
    pub fn is_empty(&self) -> bool {
        self.visible_count == 0
    }

    /// Number of layers.
    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// The final state of `path` (symbolic links not followed).
    pub fn get(&self, path: &str) -> Option<FileInfo<'_>> {
        let g = self.group_of(path)?;
        let v = self.groups.get(g)?.visible;
        self.info(self.event(v)?)
    }

    /// Whether `(layer, entry)` is the final state of its path.
    pub(crate) fn is_visible(&self, path: &str, layer: usize, entry: u32) -> bool {
        if self.lean {
            let marks: Option<Vec<&Marks>> = self.layers.iter().map(|t| t.marks.as_ref()).collect();
            return marks.is_some_and(|m| crate::visibility::is_visible(&m, path, layer, entry));
        }
        self.group_of(path)
            .and_then(|g| self.groups.get(g))
            .and_then(|g| self.event(g.visible))
            .is_some_and(|e| e == (layer as u16, entry))
    }

    /// The first layer above `layer` that replaced or deleted `path` (a
    /// write of the path, a whiteout, or an ancestor whited out, made opaque
    /// or replaced by a non-directory); `None` when no higher layer touched
    /// it. Works on the lean index too, which is what lets the secret
    /// scanner say "still readable in layer N although removed in layer M"
    /// from a cached, visibility-only walk.
    pub fn removed_in(&self, path: &str, layer: usize) -> Option<usize> {
        let path = path.trim_start_matches('/');
        if self.lean {
            let marks: Option<Vec<&Marks>> = self.layers.iter().map(|t| t.marks.as_ref()).collect();
            return crate::visibility::hidden_by(&marks?, path, layer);
        }
        self.history(path).into_iter().find_map(|c| match c {
            Change::Wrote { layer: l, .. } | Change::Deleted { layer: l } if l > layer => Some(l),
            _ => None,
        })
    }

    /// Every path of the final filesystem, in tree order.
    pub fn iter(&self) -> impl Iterator<Item = FileInfo<'_>> {
        self.groups
            .iter()
            .filter_map(|g| self.info(self.event(g.visible)?))
    }

    /// The state `path` had in each layer that wrote it, oldest first.
    pub fn versions(&self, path: &str) -> Vec<FileInfo<'_>> {
        let Some(g) = self.group_of(path) else {
            return Vec::new();
        };
        self.group_events(g)
            .iter()
            .filter(|&&e| self.raw(e).is_some_and(|(_, r)| r.op == Op::Write))
            .filter_map(|&e| self.info(e))
            .collect()
    }

    /// Which layers wrote and deleted `path`, in layer order. A write later
    /// hidden by an ancestor's whiteout, opaque marker or replacement shows
    /// as a deletion in the layer that did it.
    pub fn history(&self, path: &str) -> Vec<Change> {
        let path = path.trim_start_matches('/').trim_end_matches('/');
        let mut out = Vec::new();
        if let Some(g) = self.group_of(path) {
            for &e in self.group_events(g) {
                let Some((_, r)) = self.raw(e) else { continue };
                match r.op {
                    Op::Write => out.push(Change::Wrote {
                        layer: e.0 as usize,
                        kind: r.kind,
                    }),
                    Op::Whiteout => out.push(Change::Deleted {
                        layer: e.0 as usize,
                    }),
                    Op::Opaque => {}
                }
            }
        }
        // Deletions through ancestors.
        let mut killers: Vec<usize> = Vec::new();
        let mut anc = path;
        while !anc.is_empty() {
            anc = crate::path::parent(anc);
            if let Some(g) = self.group_of(anc) {
                for &e in self.group_events(g) {
                    let Some((_, r)) = self.raw(e) else { continue };
                    if r.op != Op::Write || r.kind != EntryKind::Dir {
                        killers.push(e.0 as usize);
                    }
                }
            }
        }
        killers.sort_unstable();
        killers.dedup();
        let writes: Vec<usize> = out
            .iter()
            .filter_map(|c| match c {
                Change::Wrote { layer, .. } => Some(*layer),
                Change::Deleted { .. } => None,
            })
            .collect();
        for k in killers {
            // Only a killer above some write of this path deleted anything.
            if writes.iter().any(|&w| w < k) && !out.contains(&Change::Deleted { layer: k }) {
                out.push(Change::Deleted { layer: k });
            }
        }
        out.sort_by_key(|c| match c {
            Change::Wrote { layer, .. } => (*layer, 0),
            Change::Deleted { layer } => (*layer, 1),
        });
        out
    }

    /// Follows symbolic links in every component of `path`, never leaving
    /// the image root (`..` stops at `/`, absolute targets start at the
    /// image's root), up to the hop limit. Returns the resolved path and its
    /// final state.
    pub fn resolve(&self, path: &str) -> Option<(String, FileInfo<'_>)> {
        let mut todo: std::collections::VecDeque<String> =
            path.split('/').map(str::to_owned).collect();
        let mut done: Vec<String> = Vec::new();
        let mut hops = 0;
        while let Some(c) = todo.pop_front() {
            match c.as_str() {
                "" | "." => {}
                ".." => {
                    done.pop();
                }
                _ => {
                    done.push(c);
                    let p = done.join("/");
                    if let Some(info) = self.get(&p)
                        && info.kind == EntryKind::Symlink
                    {
                        hops += 1;
                        if hops > self.max_symlink_hops {
                            return None;
                        }
                        done.pop();
                        let target = info.link.unwrap_or("");
                        if target.starts_with('/') {
                            done.clear();
                        }
                        for part in target.split('/').rev() {
                            todo.push_front(part.to_owned());
                        }
                    }
                }
            }
        }
        let p = done.join("/");
        let info = self.get(&p)?;
        Some((p, info))
    }

    /// Layer `layer`'s entries in tree order (a directory's descendants
    /// right after it; entries of one path in archive order). Empty for a
    /// lean index, which keeps no paths.
    pub fn layer_iter(&self, layer: usize) -> impl Iterator<Item = LayerEntry<'_>> {
        let table = self.layers.get(layer);
        table
            .map(|t| t.sorted.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(move |&i| {
                let t = table?;
                let r = t.entry(i)?;
                Some(LayerEntry {
                    path: t.path(i),
                    op: r.op,
                    kind: r.kind,
                    mode: u32::from(r.mode),
                    uid: r.uid,
                    gid: r.gid,
                    size: r.size,
                })
            })
    }

    /// Per-layer entry counts.
    pub fn layer_entries(&self, layer: usize) -> usize {
        self.layers.get(layer).map_or(0, LayerTable::len)
    }
}
