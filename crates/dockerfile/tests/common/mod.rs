//! Locating `../shared/data` (the external test data) from integration tests.

#![allow(dead_code, clippy::print_stderr)]

use std::path::PathBuf;

/// `../shared/data/<sub>` relative to the repository root, or the directory
/// named by `BOSUN_SHARED_DATA` (for worktrees that live elsewhere). `None`
/// (after saying so on stderr) when absent.
pub(crate) fn shared_data(sub: &str) -> Option<PathBuf> {
    let base = std::env::var_os("BOSUN_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    let p = base.join(sub);
    if p.exists() {
        Some(p)
    } else {
        eprintln!("skipped: {} not found", p.display());
        None
    }
}
