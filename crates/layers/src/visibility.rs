//! The lean alternative to the full index: per layer, only 64-bit hashes of
//! the paths it wrote, whited out or made opaque — about 12 bytes an entry
//! instead of the full index's 80 plus the path — which is all it takes to
//! decide whether a requested file is in the final filesystem.
//!
//! Catalogers need nothing else from the walk, and on an image of a million
//! small files the full index is most of the memory an SBOM costs. The
//! rules are the full index's ([`crate::LayerIndex`]), restated per file:
//! a layer's version of a path is visible unless a higher layer writes the
//! path, whites it out, or — for an ancestor directory — whites it out,
//! marks it opaque or replaces it with a non-directory; within one layer the
//! last entry wins. A test checks both against each other on random layers.
//!
//! Two distinct paths colliding on 64 bits (a chance of about 2⁻⁴⁴ for a
//! million paths) could only hide a requested file, never invent one.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::index::{EntryKind, Op};

/// What one layer did, as sorted path hashes.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    /// `(key, entry)` of every write, in archive order until [`Marks::finish`];
    /// the key's low bit says "not a directory".
    pending: Vec<(u64, u32)>,
    /// Sorted unique write keys.
    writes: Vec<u64>,
    /// For each of `writes`, the last entry of the layer that wrote it.
    last: Vec<u32>,
    whiteouts: Vec<u64>,
    opaques: Vec<u64>,
}

fn hash(path: &str) -> u64 {
    let mut h = DefaultHasher::new();
    path.hash(&mut h);
    h.finish()
}

fn key(path_hash: u64, non_dir: bool) -> u64 {
    (path_hash & !1) | u64::from(non_dir)
}

impl Marks {
    pub(crate) fn push(&mut self, path: &str, op: Op, kind: EntryKind, entry: u32) {
        let h = hash(path);
        match op {
            Op::Write => self.pending.push((key(h, kind != EntryKind::Dir), entry)),
            Op::Whiteout => self.whiteouts.push(h),
            Op::Opaque => self.opaques.push(h),
        }
    }

    /// Sorts the layer's marks for lookups and frees the archive-order list.
    pub(crate) fn finish(&mut self) {
        let mut pending = std::mem::take(&mut self.pending);
        pending.sort_unstable();
        let mut writes = Vec::with_capacity(pending.len());
        let mut last: Vec<u32> = Vec::with_capacity(pending.len());
        for (k, e) in pending {
            if writes.last() == Some(&k) {
                // Sorted by entry within a key: the later entry replaces.
                if let Some(l) = last.last_mut() {
                    *l = e;
                }
            } else {
                writes.push(k);
                last.push(e);
            }
        }
        writes.shrink_to_fit();
        last.shrink_to_fit();
        self.writes = writes;
        self.last = last;
        for v in [&mut self.whiteouts, &mut self.opaques] {
            v.sort_unstable();
            v.dedup();
            v.shrink_to_fit();
        }
    }

    /// The finished marks: write keys, their last entries, whiteouts, opaques.
    pub(crate) fn parts(&self) -> (&[u64], &[u32], &[u64], &[u64]) {
        (&self.writes, &self.last, &self.whiteouts, &self.opaques)
    }

    /// Finished marks from their parts (as [`Marks::parts`] gave them);
    /// `None` unless each list is sorted and unique and the lengths agree.
    pub(crate) fn from_parts(
        writes: Vec<u64>,
        last: Vec<u32>,
        whiteouts: Vec<u64>,
        opaques: Vec<u64>,
    ) -> Option<Self> {
        let sorted = |v: &[u64]| v.windows(2).all(|w| w[0] < w[1]);
        (writes.len() == last.len() && sorted(&writes) && sorted(&whiteouts) && sorted(&opaques))
            .then(|| Self {
                pending: Vec::new(),
                writes,
                last,
                whiteouts,
                opaques,
            })
    }

    fn last_write(&self, h: u64, non_dir: bool) -> Option<u32> {
        self.writes
            .binary_search(&key(h, non_dir))
            .ok()
            .map(|i| self.last[i])
    }

    /// The last entry of this layer that wrote the path, of any kind.
    fn last_write_any(&self, h: u64) -> Option<u32> {
        self.last_write(h, false).max(self.last_write(h, true))
    }

    /// Whether this layer removes lower layers' content below `ancestor`.
    fn kills_below(&self, ancestor: u64) -> bool {
        self.whiteouts.binary_search(&ancestor).is_ok()
            || self.opaques.binary_search(&ancestor).is_ok()
            || self.last_write(ancestor, true).is_some()
    }
}

/// Whether entry `entry` of layer `layer`, written at `path`, is the final
/// state of that path.
pub(crate) fn is_visible(marks: &[&Marks], path: &str, layer: usize, entry: u32) -> bool {
    let h = hash(path);
    let Some(own) = marks.get(layer) else {
        return false;
    };
    if own.last_write_any(h).is_some_and(|last| last > entry) {
        return false;
    }
    let above = marks.get(layer + 1..).unwrap_or_default();
    if above
        .iter()
        .any(|m| m.last_write_any(h).is_some() || m.whiteouts.binary_search(&h).is_ok())
    {
        return false;
    }
    // The root, then every proper ancestor directory.
    let ancestors = std::iter::once("").chain(
        path.match_indices('/')
            .map(|(i, _)| &path[..i])
            .filter(|a| !a.is_empty()),
    );
    for a in ancestors {
        let ha = hash(a);
        if above.iter().any(|m| m.kills_below(ha)) {
            return false;
        }
    }
    true
}

/// The first layer above `layer` that hides what `layer` wrote at `path`:
/// the same rules as [`is_visible`], asked layer by layer from the bottom.
pub(crate) fn hidden_by(marks: &[&Marks], path: &str, layer: usize) -> Option<usize> {
    let h = hash(path);
    let ancestors: Vec<u64> = std::iter::once("")
        .chain(
            path.match_indices('/')
                .map(|(i, _)| &path[..i])
                .filter(|a| !a.is_empty()),
        )
        .map(hash)
        .collect();
    marks.iter().enumerate().skip(layer + 1).find_map(|(l, m)| {
        let hides = m.last_write_any(h).is_some()
            || m.whiteouts.binary_search(&h).is_ok()
            || ancestors.iter().any(|&a| m.kills_below(a));
        hides.then_some(l)
    })
}
