//! `Cargo.lock` in source trees: every `[[package]]` entry, workspace
//! members included (as syft lists them). The lock file is a fixed,
//! machine-written subset of TOML, read line by line.

use crate::error::{Error, Result};
use crate::lang::file::{self, FileCataloger};
use crate::lang::rust::auditable::crate_package;
use crate::package::Package;

/// Locked crates of `Cargo.lock`.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "cargo-lock",
    globs: &["**/Cargo.lock"],
    max_size: 32 << 20,
    declared: true,
    parse: parse_file,
};

fn parse_file(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    parse(file::text(path, bytes)?, CATALOGER.name)
        .map_err(|e| Error::malformed(path, e.to_string()))
}

/// A basic TOML string value (`"…"`), escapes kept as written (crate names
/// and versions have none).
fn string_value(v: &str) -> Option<&str> {
    v.trim().strip_prefix('"')?.strip_suffix('"')
}

/// Why a `Cargo.lock` yields no packages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LockError {
    /// A `[[package]]` entry has no `name`.
    #[error("a [[package]] without a name")]
    NoName,
    /// Package `0` has no `version`.
    #[error("package {0} has no version")]
    NoVersion(String),
    /// Key `0` of a `[[package]]` entry is not a basic string.
    #[error("{0}: not a string")]
    NotString(String),
}

/// Packages of a `Cargo.lock`.
pub fn parse(text: &str, cataloger: &str) -> std::result::Result<Vec<Package>, LockError> {
    let mut out = Vec::new();
    let mut cur: Option<(Option<String>, Option<String>, Option<String>)> = None;
    let flush = |cur: &mut Option<(Option<String>, Option<String>, Option<String>)>,
                 out: &mut Vec<Package>|
     -> std::result::Result<(), LockError> {
        if let Some((name, version, source)) = cur.take() {
            let name = name.ok_or(LockError::NoName)?;
            let Some(version) = version else {
                return Err(LockError::NoVersion(name));
            };
            let mut p = crate_package(&name, &version, cataloger);
            if let Some(s) = source {
                p.properties.insert("cargo:source".into(), s);
            }
            out.push(p);
        }
        Ok(())
    };
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            flush(&mut cur, &mut out)?;
            if line == "[[package]]" {
                cur = Some((None, None, None));
            }
            continue;
        }
        let Some(c) = cur.as_mut() else { continue };
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let slot = match k.trim() {
            "name" => &mut c.0,
            "version" => &mut c.1,
            "source" => &mut c.2,
            _ => continue,
        };
        *slot = Some(
            string_value(v)
                .ok_or_else(|| LockError::NotString(k.trim().to_owned()))?
                .to_owned(),
        );
    }
    flush(&mut cur, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock() {
        let t = "# auto\nversion = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\ndependencies = [\n \"memchr\",\n]\n\n[[package]]\nname = \"memchr\"\nversion = \"2.7.4\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"abc\"\n\n[metadata]\n\"x\" = \"y\"\n";
        let p = parse(t, "cargo-lock").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].purl, "pkg:cargo/memchr@2.7.4");
        assert!(parse("[[package]]\nversion = \"1\"\n", "x").is_err());
        assert!(parse("[[package]]\nname = 3\n", "x").is_err());
    }
}
