//! `pnpm-lock.yaml`: the `packages` map, whose keys spell name and
//! version differently by lockfile version — `/name/1.0.0_peer` (v5),
//! `/name@1.0.0(peer)` (v6), `name@1.0.0(peer)` (v9). pnpm 10 may put an
//! environment document before the lockfile proper, so every YAML document
//! is read. Direct production dependencies (top-level in v5/v6, per
//! importer in v9) are added when `packages` lacks them, as a truncated
//! lock may (as syft does; direct dev dependencies are not).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NPM, dedup, mark_dev, text};
use crate::package::Package;

/// The pnpm-lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "javascript-pnpm-lock",
    globs: &["**/pnpm-lock.yaml"],
    max_size: 64 << 20,
    declared: true,
    parse,
};

#[derive(Deserialize)]
struct Lock {
    #[serde(rename = "lockfileVersion")]
    lockfile_version: Option<Version>,
    packages: Option<BTreeMap<String, Entry>>,
    #[serde(flatten)]
    direct: Direct,
    importers: Option<BTreeMap<String, Direct>>,
}

/// An importer's (or a v5/v6 lock's) direct dependencies.
#[derive(Deserialize, Default)]
struct Direct {
    dependencies: Option<BTreeMap<String, Ref>>,
    #[serde(rename = "optionalDependencies")]
    optional_dependencies: Option<BTreeMap<String, Ref>>,
}

/// `1.0.0` (v5) or `{specifier, version}` (v6, v9).
#[derive(Deserialize)]
#[serde(untagged)]
enum Ref {
    Plain(String),
    Spec { version: String },
}

impl Ref {
    /// The resolved version without its peer suffix; `None` for links
    /// and other non-registry references.
    fn version(&self) -> Option<&str> {
        let v = match self {
            Ref::Plain(v) | Ref::Spec { version: v } => v,
        };
        let v = v.split(['(', '_']).next()?;
        (!v.is_empty() && !v.contains(':') && !v.contains('/')).then_some(v)
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Version {
    Number(f64),
    Text(String),
}

#[derive(Deserialize)]
struct Entry {
    name: Option<String>,
    version: Option<String>,
    dev: Option<bool>,
}

/// Parses a pnpm-lock.yaml.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let docs: Vec<Option<Lock>> = serde_saphyr::from_multiple(text(path, bytes)?)
        .map_err(|e| crate::Error::malformed(path, e.to_string()))?;
    let mut out = Vec::new();
    for lock in docs.into_iter().flatten() {
        let major = match &lock.lockfile_version {
            Some(Version::Number(n)) => *n,
            Some(Version::Text(s)) => s.trim().parse().unwrap_or(9.0),
            None => 9.0,
        };
        for (key, e) in lock.packages.iter().flatten() {
            let parsed = match (&e.name, &e.version) {
                (Some(n), Some(v)) => Some((n.clone(), v.clone())),
                _ => split_key(key, major < 6.0),
            };
            let Some((name, version)) = parsed else {
                continue;
            };
            if name.is_empty() || version.is_empty() {
                continue;
            }
            let mut p = NPM.package(&name, &version, CATALOGER.name);
            if e.dev == Some(true) {
                mark_dev(&mut p);
            }
            out.push(p);
        }
        let importers = lock.importers.iter().flat_map(|m| m.values());
        for d in std::iter::once(&lock.direct).chain(importers) {
            for deps in [&d.dependencies, &d.optional_dependencies] {
                for (name, r) in deps.iter().flatten() {
                    let Some(v) = r.version() else { continue };
                    if out.iter().any(|p| p.name == *name && p.version == v) {
                        continue;
                    }
                    out.push(NPM.package(name, v, CATALOGER.name));
                }
            }
        }
    }
    dedup(&mut out);
    Ok(out)
}

/// Name and version from a `packages` key.
fn split_key(key: &str, slash_form: bool) -> Option<(String, String)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    if slash_form {
        let (name, version) = key.rsplit_once('/')?;
        let version = version.split('_').next()?;
        return Some((name.to_owned(), version.to_owned()));
    }
    let key = key.split('(').next()?;
    let (name, version) = super::split_at_version(key)?;
    Some((name.to_owned(), version.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        assert_eq!(
            split_key("/@babel/core/7.1.0_peer", true),
            Some(("@babel/core".into(), "7.1.0".into()))
        );
        assert_eq!(
            split_key("/@babel/core@7.1.0(x@1)", false),
            Some(("@babel/core".into(), "7.1.0".into()))
        );
        assert_eq!(
            split_key("rollup@4.18.0", false),
            Some(("rollup".into(), "4.18.0".into()))
        );
    }

    #[test]
    fn documents() {
        let t = "---\nlockfileVersion: '9.0'\nimporters: {}\n---\nlockfileVersion: '6.0'\npackages:\n  /a@1.0.0:\n    dev: true\n  /b@2.0.0(a@1.0.0):\n    resolution: {integrity: x}\n";
        let p = parse("/pnpm-lock.yaml", t.as_bytes()).unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[0].properties.contains_key("dev"));
        assert!(parse("/pnpm-lock.yaml", b"packages: [").is_err());
    }
}
