//! The ignore file, `.bosunignore.yaml`:
//!
//! ```yaml
//! ignore:
//!   - id: CVE-2023-12345          # any id or alias of the finding
//!     package: openssl            # optional: a name, or a PURL (with or
//!                                 # without @version)
//!     path: /usr/lib/python3*/**  # optional: a glob over the package's paths
//!     reason: not reachable from our entry point
//!     expires: 2026-06-30         # optional: applies through that day (UTC)
//! ```
//!
//! An entry suppresses a finding when every field it sets matches. An
//! expired entry suppresses nothing and is listed in the report, so that
//! a forgotten exception shows up instead of silently living on.

use std::path::Path;

use globset::GlobMatcher;
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::Error;
use bosun_types::date::Date;
use bosun_types::finding::Finding;
use bosun_types::purl;

/// The file's name in the directory bosun runs in.
pub const DEFAULT_FILE: &str = ".bosunignore.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    ignore: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: Spanned<String>,
    #[serde(default)]
    package: Option<String>,
    #[serde(default)]
    path: Option<Spanned<String>>,
    reason: String,
    #[serde(default)]
    expires: Option<Spanned<String>>,
}

/// `line L column C` of a value, for messages.
fn at<T>(s: &Spanned<T>) -> String {
    format!(
        "line {} column {}",
        s.referenced.line(),
        s.referenced.column()
    )
}

/// A parsed ignore file.
#[derive(Debug, Clone)]
pub struct IgnoreFile {
    /// Where it came from (shown with each suppression).
    pub source: String,
    /// Its entries, in file order.
    pub entries: Vec<IgnoreEntry>,
}

/// One entry.
#[derive(Debug, Clone)]
pub struct IgnoreEntry {
    /// The vulnerability id or alias.
    pub id: String,
    /// The package name or PURL, if restricted.
    pub package: Option<String>,
    /// The path glob, if restricted.
    pub path: Option<String>,
    path_glob: Option<GlobMatcher>,
    /// Why it is ignored.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<Date>,
}

impl IgnoreFile {
    /// Reads and parses `path`.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses the text of an ignore file; `source` names it in messages.
    pub fn parse(text: &str, source: &str) -> Result<Self, Error> {
        let err = |message: String| Error::Ignore {
            source_name: source.to_owned(),
            message,
        };
        let raw: RawFile = if text.trim().is_empty() {
            RawFile { ignore: Vec::new() }
        } else {
            serde_saphyr::from_str(text).map_err(|e| err(e.to_string()))?
        };
        let mut entries = Vec::with_capacity(raw.ignore.len());
        for (i, e) in raw.ignore.into_iter().enumerate() {
            let id = e.id.value.trim().to_owned();
            let entry_at = at(&e.id);
            if id.is_empty() {
                return Err(err(format!("entry {} ({entry_at}): empty id", i + 1)));
            }
            let fail =
                |where_: &str, m: &str| err(format!("entry {} ({id}), {where_}: {m}", i + 1));
            if e.reason.trim().is_empty() {
                return Err(fail(&entry_at, "a reason is required"));
            }
            let expires = match &e.expires {
                Some(x) => Some(x.value.parse::<Date>().map_err(|m| fail(&at(x), &m))?),
                None => None,
            };
            let path_glob = match &e.path {
                Some(p) => Some(
                    crate::glob::compile(&p.value)
                        .map_err(|g| fail(&at(p), &format!("invalid path glob: {g}")))?,
                ),
                None => None,
            };
            entries.push(IgnoreEntry {
                id,
                package: e
                    .package
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty()),
                path: e.path.map(|p| p.value),
                path_glob,
                reason: e.reason.trim().to_owned(),
                expires,
            });
        }
        Ok(Self {
            source: source.to_owned(),
            entries,
        })
    }
}

impl IgnoreEntry {
    /// Whether the entry has expired on `today`.
    pub fn expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|d| d < today)
    }

    /// Whether the entry names `f` (expiry aside).
    pub fn matches(&self, f: &Finding) -> bool {
        let id_hit = f.id.eq_ignore_ascii_case(&self.id)
            || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(&self.id))
            || f.advisories
                .iter()
                .any(|a| a.eq_ignore_ascii_case(&self.id));
        if !id_hit {
            return false;
        }
        if let Some(p) = &self.package {
            let hit = if p.starts_with("pkg:") {
                purl::matches(p, &f.package.purl)
            } else {
                p == &f.package.name
                    || p == &f.package.matched_name
                    || p.eq_ignore_ascii_case(&f.package.name)
            };
            if !hit {
                return false;
            }
        }
        self.path.is_none() || f.package.paths.iter().any(|p| self.covers(p))
    }

    /// Whether the entry's `path` (a glob, or a directory and everything
    /// under it) covers `file`; false when the entry has no path.
    fn covers(&self, file: &str) -> bool {
        let (Some(raw), Some(g)) = (&self.path, &self.path_glob) else {
            return false;
        };
        let dir = raw.trim_end_matches('/');
        g.is_match(file)
            || file
                .strip_prefix(dir)
                .is_some_and(|rest| rest.starts_with('/'))
    }

    /// Whether the entry excuses a secret: its `id` names the secret's
    /// rule and its `path`, when set, covers the secret's file. An entry
    /// naming a package is about vulnerabilities and never matches.
    pub fn matches_secret(&self, s: &bosun_types::SecretFinding) -> bool {
        self.matches_code(&s.rule, &s.file)
    }

    /// Whether the entry excuses an image check's finding: its `id` is
    /// the check's code (`CIS-DI-0001`) and its `path`, when set, covers
    /// the finding's file (`config` for the image configuration).
    pub fn matches_config(&self, c: &bosun_types::check::ConfigFinding) -> bool {
        self.matches_code(&c.code, &c.file)
    }

    fn matches_code(&self, code: &str, file: &str) -> bool {
        if !code.eq_ignore_ascii_case(&self.id) || self.package.is_some() {
            return false;
        }
        self.path.is_none() || self.covers(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let f = IgnoreFile::parse(
            "ignore:\n  - id: CVE-1\n    reason: r\n    expires: 2025-01-31\n  - id: GHSA-x\n    package: pkg:pypi/django\n    path: /usr/lib/**\n    reason: r2\n",
            "t",
        )
        .unwrap();
        assert_eq!(f.entries.len(), 2);
        assert_eq!(f.entries[0].expires.unwrap().to_string(), "2025-01-31");
        assert!(f.entries[0].expired("2025-02-01".parse().unwrap()));
        assert!(!f.entries[0].expired("2025-01-31".parse().unwrap()));
        for bad in [
            "ignore:\n  - id: CVE-1\n",
            "ignore:\n  - id: CVE-1\n    reason: r\n    typo: 1\n",
            "ignore:\n  - id: CVE-1\n    reason: r\n    expires: tomorrow\n",
            "ignores: []\n",
            "ignore:\n  - id: CVE-1\n    reason: ''\n",
        ] {
            assert!(IgnoreFile::parse(bad, "t").is_err(), "{bad}");
        }
        assert!(IgnoreFile::parse("", "t").unwrap().entries.is_empty());
    }

    /// Issue 14 point 5: a glob nested 300 deep panicked inside globset.
    #[test]
    fn config_entries_name_the_code_and_path() {
        let f = IgnoreFile::parse(
            "ignore:\n  - id: cis-di-0008\n    path: /usr/bin/**\n    reason: r\n  - id: CIS-DI-0001\n    package: x\n    reason: r\n",
            "t",
        )
        .unwrap();
        let c = |code: &str, file: &str| bosun_types::check::ConfigFinding {
            code: code.into(),
            title: String::new(),
            severity: bosun_types::Severity::Low,
            message: String::new(),
            file: file.into(),
            layer: None,
            layer_digest: None,
            history: None,
            suppressed: None,
        };
        assert!(f.entries[0].matches_config(&c("CIS-DI-0008", "/usr/bin/su")));
        assert!(!f.entries[0].matches_config(&c("CIS-DI-0008", "/bin/su")));
        assert!(!f.entries[0].matches_config(&c("CIS-DI-0001", "/usr/bin/su")));
        // An entry naming a package is about vulnerabilities.
        assert!(!f.entries[1].matches_config(&c("CIS-DI-0001", "config")));
    }

    #[test]
    fn hostile_glob_is_an_error_with_its_line() {
        let deep = format!("{}a{}", "{a,".repeat(300), "}".repeat(300));
        let text = format!("ignore:\n  - id: CVE-1\n    reason: r\n    path: '{deep}'\n");
        let e = IgnoreFile::parse(&text, ".bosunignore.yaml")
            .unwrap_err()
            .to_string();
        assert!(e.contains(".bosunignore.yaml"), "{e}");
        assert!(e.contains("line 4"), "{e}");
        assert!(e.contains("invalid path glob"), "{e}");
        assert!(e.len() < 400, "a short message, not a regex dump: {e}");
        let e = IgnoreFile::parse(
            "ignore:\n  - id: CVE-1\n    reason: r\n    expires: tomorrow\n",
            "f",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("line 4"), "{e}");
    }
}
