//! Space efficiency, measured as dive measures it, from the complete layer
//! index (formulas and the cases where bosun departs from dive:
//! `docs/efficiency.md`).
//!
//! For every layer, every *leaf* of the layer's tree (an entry with no
//! entry below it in the same layer; opaque markers are not entries for
//! this) is an occurrence of its path. A write occurs with its tar size. A
//! whiteout occurs with the total size of what it deleted when that was a
//! directory in the layers below, else 0 (dive's rule: deleting a file
//! costs nothing more, the file's own occurrence already counts). Then
//!
//! - `score = Σ_path min(size) ÷ Σ_path Σ(size)` (1.0 when nothing counts),
//! - `wasted = Σ Σ(size)` over the paths that occur more than once,
//! - `wasted_user_percent = wasted ÷ Σ layer sizes but the first`.
//!
//! Besides dive's figures: what each layer added, modified and removed
//! (regular-file bytes, against the union of the layers below), identical
//! files that several layers left at different paths (by the walk's
//! content fingerprints), the build tools left in the final filesystem,
//! and its largest directories.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use bosun_image::Layer;
use bosun_image::spec::ImageConfig;
use bosun_layers::{EntryKind, LayerEntry, LayerIndex, Op};
use bosun_types::Sbom;
use bosun_types::check::{
    BuildTool, DirSize, DuplicateFiles, Efficiency, InefficientPath, LayerEfficiency,
};
use bosun_types::mask::mask_command;

/// Inefficient paths listed (the total is always given).
const MAX_LISTED: usize = 100;
/// Largest directories listed, and how deep they are looked for.
const MAX_DIRS: usize = 10;
const DIR_DEPTH: usize = 3;

#[derive(Debug, Clone)]
struct Seen {
    cumulative: u64,
    min: u64,
    layers: Vec<u32>,
}

/// What is in the union of the layers so far: path → (size, directory).
type Stack<'a> = BTreeMap<&'a str, (u64, bool)>;

/// The paths at or below `dir` in `stack` (the directory itself first),
/// with their sizes.
fn subtree<'a>(stack: &Stack<'a>, dir: &str) -> Vec<(&'a str, u64, bool)> {
    let lo = format!("{dir}/");
    let hi = format!("{dir}0");
    stack
        .get_key_value(dir)
        .into_iter()
        .chain(stack.range::<str, _>((Bound::Included(lo.as_str()), Bound::Excluded(hi.as_str()))))
        .map(|(k, &(size, is_dir))| (*k, size, is_dir))
        .collect()
}

/// Removes `dir`'s descendants (and `dir` itself when `with_self`) from
/// the stack; returns the regular-file bytes removed.
fn remove_below(stack: &mut Stack<'_>, dir: &str, with_self: bool) -> u64 {
    let keys: Vec<&str> = subtree(stack, dir)
        .into_iter()
        .map(|(k, _, _)| k)
        .filter(|k| with_self || *k != dir)
        .collect();
    let mut bytes = 0;
    for k in keys {
        if let Some((size, is_dir)) = stack.remove(k)
            && !is_dir
        {
            bytes += size;
        }
    }
    bytes
}

/// One layer's entries as dive's tree sees them: one per (path, op), the
/// last in archive order winning, root entries dropped.
fn layer_entries(index: &LayerIndex, layer: usize) -> Vec<LayerEntry<'_>> {
    let mut out: Vec<LayerEntry<'_>> = Vec::new();
    for e in index.layer_iter(layer) {
        if e.path.is_empty() {
            continue;
        }
        // Entries of one path come together, in archive order.
        if let Some(prev) = out.last_mut()
            && prev.path == e.path
            && prev.op == e.op
        {
            *prev = e;
            continue;
        }
        out.push(e);
    }
    out
}

fn is_below(path: &str, dir: &str) -> bool {
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

/// Measures the image's efficiency from its complete index.
pub fn measure(
    config: &ImageConfig,
    image_layers: &[Layer],
    index: &LayerIndex,
    sbom: Option<&Sbom>,
) -> Efficiency {
    let mut seen: HashMap<&str, Seen> = HashMap::new();
    let mut stack: Stack<'_> = BTreeMap::new();
    let mut layers = Vec::with_capacity(index.layer_count());
    for k in 0..index.layer_count() {
        let entries = layer_entries(index, k);
        // Occurrences, against the union of the layers below (before this
        // layer changes it).
        let tree: Vec<&LayerEntry<'_>> = entries.iter().filter(|e| e.op != Op::Opaque).collect();
        for (i, e) in tree.iter().enumerate() {
            let size = match e.op {
                Op::Whiteout => match stack.get(e.path) {
                    Some((_, true)) => subtree(&stack, e.path).iter().map(|(_, s, _)| s).sum(),
                    _ => 0,
                },
                _ => {
                    let leaf = tree
                        .get(i + 1..)
                        .unwrap_or_default()
                        .iter()
                        .find(|n| n.path != e.path)
                        .is_none_or(|n| !is_below(n.path, e.path));
                    if !leaf {
                        continue;
                    }
                    e.size
                }
            };
            let s = seen.entry(e.path).or_insert(Seen {
                cumulative: 0,
                min: u64::MAX,
                layers: Vec::new(),
            });
            s.cumulative += size;
            s.min = s.min.min(size);
            s.layers.push(k as u32);
        }
        // The layer's changes to the union.
        let (mut added, mut modified, mut removed, mut size_bytes) = (0, 0, 0, 0);
        for e in &entries {
            match e.op {
                Op::Opaque => removed += remove_below(&mut stack, e.path, false),
                Op::Whiteout => removed += remove_below(&mut stack, e.path, true),
                Op::Write => {
                    size_bytes += e.size;
                    let is_dir = e.kind == EntryKind::Dir;
                    match stack.get(e.path).copied() {
                        Some((_, true)) if !is_dir => {
                            removed += remove_below(&mut stack, e.path, true);
                            added += file_bytes(e);
                        }
                        Some((_, false)) => modified += file_bytes(e),
                        Some((_, true)) => {}
                        None => added += file_bytes(e),
                    }
                    stack.insert(e.path, (e.size, is_dir));
                }
            }
        }
        layers.push(LayerEfficiency {
            layer: k,
            size_bytes,
            added_bytes: added,
            modified_bytes: modified,
            removed_bytes: removed,
            history: image_layers
                .get(k)
                .and_then(|l| l.history)
                .and_then(|h| config.history.get(h))
                .and_then(|h| h.created_by.as_deref())
                .map(mask_command),
        });
    }
    drop(stack);

    let (mut min_total, mut cumulative_total, mut wasted) = (0u128, 0u128, 0u64);
    let mut inefficient: Vec<InefficientPath> = Vec::new();
    for (path, s) in &seen {
        min_total += u128::from(s.min);
        cumulative_total += u128::from(s.cumulative);
        if s.layers.len() > 1 {
            wasted += s.cumulative;
            inefficient.push(InefficientPath {
                path: format!("/{path}"),
                count: s.layers.len(),
                cumulative_bytes: s.cumulative,
                layers: s.layers.iter().map(|&l| l as usize).collect(),
            });
        }
    }
    let score = if cumulative_total == 0 {
        1.0
    } else {
        min_total as f64 / cumulative_total as f64
    };
    inefficient.sort_by(|a, b| {
        b.cumulative_bytes
            .cmp(&a.cumulative_bytes)
            .then_with(|| a.path.cmp(&b.path))
    });
    let inefficient_total = inefficient.len();
    inefficient.truncate(MAX_LISTED);
    let duplicates = duplicates(index);
    let size_bytes: u64 = layers.iter().map(|l| l.size_bytes).sum();
    let user_size_bytes: u64 = layers.iter().skip(1).map(|l| l.size_bytes).sum();
    Efficiency {
        score,
        size_bytes,
        user_size_bytes,
        wasted_bytes: wasted,
        wasted_user_percent: if user_size_bytes == 0 {
            0.0
        } else {
            wasted as f64 / user_size_bytes as f64
        },
        layers,
        inefficient,
        inefficient_total,
        duplicated_bytes: duplicates.iter().map(|d| d.wasted_bytes).sum(),
        duplicates_total: duplicates.len(),
        duplicates: duplicates.into_iter().take(MAX_LISTED).collect(),
        build_tools: build_tools(index, sbom),
        largest_dirs: largest_dirs(index),
    }
}

/// Files smaller than this are not fingerprinted: duplicates of small
/// files (licences, `__init__.py`) cost little and are often deliberate.
pub const FINGERPRINT_FROM: u64 = 4096;

/// Identical files of the final filesystem that more than one layer wrote,
/// most wasted bytes first. Needs the walk's fingerprints
/// (`WalkOptions::fingerprint_from`); without them, none.
fn duplicates(index: &LayerIndex) -> Vec<DuplicateFiles> {
    let mut groups: HashMap<(u128, u64), Vec<(&str, usize)>> = HashMap::new();
    for f in index.iter() {
        if f.kind == EntryKind::File
            && f.size >= FINGERPRINT_FROM
            && let Some(h) = f.content
        {
            groups
                .entry((h, f.size))
                .or_default()
                .push((f.path, f.layer));
        }
    }
    let mut out: Vec<DuplicateFiles> = groups
        .into_iter()
        .filter(|(_, copies)| {
            copies
                .first()
                .is_some_and(|first| copies.iter().any(|c| c.1 != first.1))
        })
        .map(|((_, size), mut copies)| {
            copies.sort_unstable();
            DuplicateFiles {
                size_bytes: size,
                wasted_bytes: size * (copies.len() as u64 - 1),
                paths: copies.iter().map(|(p, _)| format!("/{p}")).collect(),
                layers: copies.iter().map(|c| c.1).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.wasted_bytes
            .cmp(&a.wasted_bytes)
            .then_with(|| a.paths.cmp(&b.paths))
    });
    out
}

fn file_bytes(e: &LayerEntry<'_>) -> u64 {
    if e.kind == EntryKind::File { e.size } else { 0 }
}

/// The tool an executable's name is, if it is a compiler or build tool.
fn tool_name(name: &str) -> Option<&'static str> {
    const TOOLS: [&str; 14] = [
        "gcc", "cc", "c++", "g++", "make", "gmake", "cmake", "clang", "clang++", "go", "cargo",
        "rustc", "javac", "ninja",
    ];
    if let Some(t) = TOOLS.iter().find(|t| **t == name) {
        return Some(t);
    }
    // gcc-12, x86_64-linux-gnu-gcc-12, clang-16
    for t in ["gcc", "g++", "clang"] {
        let versioned = name.rsplit_once('-').is_some_and(|(stem, v)| {
            v.chars().all(|c| c.is_ascii_digit() || c == '.')
                && (stem == t || stem.ends_with(&format!("-{t}")))
        });
        if versioned {
            return TOOLS.iter().find(|x| **x == t).copied();
        }
    }
    None
}

/// Whether a package is a build tool or development files.
fn build_package(kind: &str, name: &str) -> bool {
    const NAMES: [&str; 18] = [
        "build-essential",
        "build-base",
        "gcc",
        "g++",
        "make",
        "cmake",
        "clang",
        "llvm",
        "binutils",
        "golang",
        "go",
        "rustc",
        "cargo",
        "libc6-dev",
        "musl-dev",
        "autoconf",
        "automake",
        "libtool",
    ];
    // gcc-12-base, cpp-12-base and the like hold only the compiler's
    // licence and runtime support files that libgcc-s1 needs: every
    // Debian image has them. Alpine's build-base is the real meta-package.
    if name.ends_with("-base") && name != "build-base" {
        return false;
    }
    let dev = match kind {
        "deb" | "apk" => name.ends_with("-dev"),
        "rpm" => name.ends_with("-devel"),
        _ => false,
    };
    matches!(kind, "deb" | "apk" | "rpm")
        && (dev
            || NAMES.contains(&name)
            || name.starts_with("gcc-")
            || name.starts_with("g++-")
            || name.starts_with("golang-")
            || (name.starts_with("openjdk-") && name.ends_with("-jdk"))
            || (name.starts_with("openjdk") && name.ends_with("-jdk-headless")))
}

fn build_tools(index: &LayerIndex, sbom: Option<&Sbom>) -> Vec<BuildTool> {
    let mut by_tool: BTreeMap<&str, BuildTool> = BTreeMap::new();
    for f in index.iter() {
        if !matches!(
            f.kind,
            EntryKind::File | EntryKind::Symlink | EntryKind::HardLink
        ) {
            continue;
        }
        let (dir, name) = f.path.rsplit_once('/').unwrap_or(("", f.path));
        let tool = if name == "cc1" || name == "cc1plus" {
            (dir.contains("gcc")).then_some("cc1")
        } else if dir == "bin" || dir.ends_with("/bin") {
            tool_name(name)
        } else {
            None
        };
        if let Some(t) = tool {
            by_tool.entry(t).or_insert_with(|| BuildTool {
                name: t.to_owned(),
                evidence: format!("/{}", f.path),
                layer: Some(f.layer),
            });
        }
    }
    let mut out: Vec<BuildTool> = by_tool.into_values().collect();
    if let Some(sbom) = sbom {
        let mut pkgs: Vec<BuildTool> = sbom
            .packages
            .iter()
            .filter(|p| build_package(&p.kind, &p.name))
            .map(|p| BuildTool {
                name: p.name.clone(),
                evidence: format!("package:{}", p.name),
                layer: p.introduced_layer.as_ref().map(|l| l.index),
            })
            .collect();
        pkgs.sort_by(|a, b| a.name.cmp(&b.name));
        pkgs.dedup_by(|a, b| a.name == b.name);
        out.extend(pkgs);
    }
    out
}

fn largest_dirs(index: &LayerIndex) -> Vec<DirSize> {
    let mut sizes: HashMap<&str, (u64, u64)> = HashMap::new();
    for f in index.iter() {
        if f.kind != EntryKind::File {
            continue;
        }
        let mut end = 0;
        for _ in 0..DIR_DEPTH {
            let Some(slash) = f.path.get(end..).and_then(|r| r.find('/')) else {
                break;
            };
            end += slash;
            let e = sizes.entry(&f.path[..end]).or_default();
            e.0 += f.size;
            e.1 += 1;
            end += 1;
        }
    }
    let mut dirs: Vec<DirSize> = sizes
        .into_iter()
        .map(|(p, (bytes, files))| DirSize {
            path: format!("/{p}"),
            bytes,
            files,
        })
        .collect();
    dirs.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    dirs.truncate(MAX_DIRS);
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools() {
        for (n, t) in [
            ("gcc", "gcc"),
            ("gcc-12", "gcc"),
            ("x86_64-linux-gnu-gcc-12", "gcc"),
            ("clang-16", "clang"),
            ("go", "go"),
            ("cc", "cc"),
        ] {
            assert_eq!(tool_name(n), Some(t), "{n}");
        }
        for n in ["gcc-ar-12", "gofmt", "makeinfo", "golang"] {
            assert_eq!(tool_name(n), None, "{n}");
        }
        assert!(build_package("deb", "libssl-dev"));
        assert!(build_package("rpm", "openssl-devel"));
        assert!(build_package("apk", "build-base"));
        assert!(!build_package("deb", "gcc-12-base"));
        assert!(!build_package("deb", "gcc-14-base"));
        assert!(!build_package("deb", "libssl3"));
        assert!(!build_package("npm", "make"));
    }

    #[test]
    fn below() {
        assert!(is_below("a/b", "a"));
        assert!(!is_below("ab", "a"));
        assert!(!is_below("a", "a"));
    }
}
