//! Where bosun keeps its caches by default: one root, one lookup.
//!
//! The root is `$XDG_CACHE_HOME/bosun` (an absolute `XDG_CACHE_HOME`, as
//! the XDG specification requires), else `~/.cache/bosun`. Under it:
//! [`REGISTRY_CACHE`] (registry blobs), [`CATALOG_CACHE`] (per-image and
//! per-layer catalog results) and [`DB_FILE`] (the vulnerability
//! database). The binary lets `--cache-dir` / `BOSUN_CACHE_DIR` move the
//! root and a flag per cache move one cache alone.

use std::path::PathBuf;

/// The registry blob cache, under the root.
pub const REGISTRY_CACHE: &str = "registry";
/// The catalog result cache, under the root.
pub const CATALOG_CACHE: &str = "layers";
/// The vulnerability database file, under the root.
pub const DB_FILE: &str = "vulndb.sqlite";

/// The default cache root, or `None` when neither `XDG_CACHE_HOME` (absolute)
/// nor `HOME` is set.
pub fn cache_root() -> Option<PathBuf> {
    let non_empty = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = non_empty("XDG_CACHE_HOME")
        .filter(|p| p.is_absolute())
        .or_else(|| non_empty("HOME").map(|h| h.join(".cache")))?;
    Some(base.join("bosun"))
}
