//! Image configuration and efficiency findings: what `bosun scan
//! --scanners config,efficiency` reports beside vulnerabilities and
//! secrets, and what the policy's `config` and `efficiency` rules read.
//! Codes are stable: Dockle's (`CIS-DI-0001`, `DKL-LI-0002`) where the check
//! means the same, bosun's own (`BSN-CF-…`, `BSN-EF-…`) otherwise.

use serde::{Deserialize, Serialize};

use crate::finding::{Severity, Suppression};

/// One failed configuration or efficiency check. A check that finds
/// several things (setuid files, duplicate UIDs) reports one finding per
/// thing, each with its own path and layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigFinding {
    /// The check's code (`CIS-DI-0001`).
    pub code: String,
    /// The check's title ("Create a user for the container").
    pub title: String,
    /// How much it matters.
    pub severity: Severity,
    /// What was found, in one sentence (secrets masked).
    pub message: String,
    /// The file it is about (`/usr/bin/sudo`), or `config` for the image
    /// configuration and its history.
    pub file: String,
    /// The 0-based layer that made the file (or the history step's layer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
    /// The digest of that layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_digest: Option<String>,
    /// The history step (`created_by`, masked) that caused it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// The ignore-file entry that excused it, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
}

/// The image's space efficiency, measured as dive measures it (see
/// `docs/efficiency.md` for the formulas and where they differ).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Efficiency {
    /// Σ smallest size seen per path ÷ Σ every size seen per path; 1.0
    /// for an image that never rewrites or deletes a file.
    pub score: f64,
    /// Σ of the file sizes of every layer (tar headers, whiteouts 0).
    pub size_bytes: u64,
    /// The same without the first layer.
    pub user_size_bytes: u64,
    /// Σ of every size seen for each path seen more than once (dive's
    /// figure: the first copy counts too).
    pub wasted_bytes: u64,
    /// `wasted_bytes ÷ user_size_bytes` (0 when there are no user bytes).
    pub wasted_user_percent: f64,
    /// Per layer, bottom first.
    pub layers: Vec<LayerEfficiency>,
    /// Paths seen more than once, most bytes first (at most 100).
    pub inefficient: Vec<InefficientPath>,
    /// How many paths were seen more than once in all.
    pub inefficient_total: usize,
    /// Bytes of identical files kept more than once in the final
    /// filesystem, written by different layers: Σ (copies − 1) × size over
    /// the groups in `duplicates` (files of at least 4 KiB).
    #[serde(default)]
    pub duplicated_bytes: u64,
    /// Groups of identical files from different layers, most wasted bytes
    /// first (at most 100).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<DuplicateFiles>,
    /// How many such groups there are in all.
    #[serde(default)]
    pub duplicates_total: usize,
    /// Compilers and build tools left in the final filesystem.
    pub build_tools: Vec<BuildTool>,
    /// The largest directories of the final filesystem (total bytes of
    /// the regular files below each), largest first.
    pub largest_dirs: Vec<DirSize>,
}

/// What one layer did to the filesystem, in bytes of regular files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerEfficiency {
    /// The 0-based layer.
    pub layer: usize,
    /// Σ of the file sizes in the layer's tar.
    pub size_bytes: u64,
    /// Bytes of files that did not exist below.
    pub added_bytes: u64,
    /// Bytes of files that replaced a file below (the new sizes).
    pub modified_bytes: u64,
    /// Bytes of files below that this layer deleted (whiteouts, opaque
    /// directories, directories replaced by files).
    pub removed_bytes: u64,
    /// The history step that made the layer (masked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
}

/// A path written (or deleted) in more than one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InefficientPath {
    /// The path (`/root/saved.txt`).
    pub path: String,
    /// How many layers wrote or deleted it.
    pub count: usize,
    /// Σ of its sizes over those layers (dive's `sizeBytes`).
    pub cumulative_bytes: u64,
    /// The layers, bottom first.
    pub layers: Vec<usize>,
}

/// Identical files (same size and XXH3-128 of the content) that layers
/// wrote at several paths of the final filesystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuplicateFiles {
    /// The size of one copy.
    pub size_bytes: u64,
    /// `(copies − 1) × size`.
    pub wasted_bytes: u64,
    /// The copies, in path order.
    pub paths: Vec<String>,
    /// The layer of each copy.
    pub layers: Vec<usize>,
}

/// A build tool found in the final filesystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildTool {
    /// What it is (`gcc`, `build-essential`).
    pub name: String,
    /// Where: a path, or `package:NAME` for an installed package.
    pub evidence: String,
    /// The layer that added it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
}

/// A directory and the bytes below it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirSize {
    /// The directory (`/usr/lib`).
    pub path: String,
    /// Σ of the sizes of the regular files below it.
    pub bytes: u64,
    /// How many regular files are below it.
    pub files: u64,
}

/// Why `user` (an image's `USER`) means root, or `None` when it does not:
/// unset or empty, `root`, UID 0 (with any group), or a name `users`
/// (from `/etc/passwd`) maps to UID 0.
pub fn runs_as_root(
    user: &str,
    users: Option<&std::collections::BTreeMap<String, u32>>,
) -> Option<String> {
    let user = user.trim();
    if user.is_empty() {
        return Some("runs as root (USER is not set)".into());
    }
    let name = user.split(':').next().unwrap_or(user);
    if name == "root" || name.parse::<u64>().is_ok_and(|uid| uid == 0) {
        return Some(format!("runs as root (USER {user})"));
    }
    if let Some(uid) = users.and_then(|u| u.get(name))
        && *uid == 0
    {
        return Some(format!(
            "runs as root (USER {user} has UID 0 in /etc/passwd)"
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_forms() {
        let mut users = std::collections::BTreeMap::new();
        users.insert("toor".to_owned(), 0);
        users.insert("app".to_owned(), 1000);
        for u in ["", "root", "0", "0:0", "root:root", "0:1000", "toor", "00"] {
            assert!(runs_as_root(u, Some(&users)).is_some(), "{u:?}");
        }
        for u in ["app", "1000", "1000:0", "nobody", "65532:65532"] {
            assert!(runs_as_root(u, Some(&users)).is_none(), "{u:?}");
        }
    }
}
