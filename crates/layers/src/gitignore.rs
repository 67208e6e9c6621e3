//! `.gitignore` rules for walking source trees (`dir:` with
//! [`WalkOptions::gitignore`](crate::WalkOptions::gitignore)): every
//! directory's `.gitignore` applies below it, deeper files override
//! shallower ones, `!` re-includes, and `.git/` itself is never walked.
//! Matching is ripgrep's `ignore` crate, which follows git's rules.
//!
//! Ignored directories are not entered at all: git cannot re-include a
//! file whose parent directory is excluded, so neither do we.

use std::path::Path;
use std::sync::Arc;

use ignore::Match;
use ignore::gitignore::{Gitignore, GitignoreBuilder};

/// The rules in force in one directory: its own and its ancestors'.
#[derive(Debug, Default, Clone)]
pub(crate) struct Rules {
    /// Outermost first.
    chain: Vec<Arc<Gitignore>>,
}

impl Rules {
    /// The rules for `dir`, a child of the directory these rules are for:
    /// these plus `dir/.gitignore` when it exists. Unreadable files and
    /// invalid lines are skipped, as git does.
    pub(crate) fn enter(&self, dir: &Path) -> Rules {
        let file = dir.join(".gitignore");
        if !file.is_file() {
            return self.clone();
        }
        let mut b = GitignoreBuilder::new(dir);
        // Partial errors name bad lines; the good lines still apply.
        let _ = b.add(&file);
        let Ok(g) = b.build() else {
            return self.clone();
        };
        let mut chain = self.chain.clone();
        chain.push(Arc::new(g));
        Rules { chain }
    }

    /// Whether `path` (inside the rules' directory) is ignored.
    pub(crate) fn ignored(&self, path: &Path, is_dir: bool) -> bool {
        if is_dir && path.file_name().is_some_and(|n| n == ".git") {
            return true;
        }
        for g in self.chain.iter().rev() {
            match g.matched(path, is_dir) {
                Match::Ignore(_) => return true,
                Match::Whitelist(_) => return false,
                Match::None => {}
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_and_negated() {
        let t = tempfile::tempdir().unwrap();
        let root = t.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::write(root.join(".gitignore"), "*.log\n/build/\n!keep.log\n").unwrap();
        std::fs::write(root.join("a/.gitignore"), "!debug.log\nsecret\n").unwrap();
        let top = Rules::default().enter(root);
        let a = top.enter(&root.join("a"));
        let b = a.enter(&root.join("a/b"));
        assert!(top.ignored(&root.join("x.log"), false));
        assert!(!top.ignored(&root.join("keep.log"), false));
        assert!(top.ignored(&root.join("build"), true));
        assert!(!a.ignored(&root.join("a/build"), true));
        assert!(!a.ignored(&root.join("a/debug.log"), false));
        assert!(b.ignored(&root.join("a/b/secret"), false));
        assert!(b.ignored(&root.join("a/b/other.log"), false));
        assert!(top.ignored(&root.join(".git"), true));
        assert!(!top.ignored(&root.join("src"), true));
    }
}
