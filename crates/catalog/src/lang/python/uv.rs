//! `uv.lock`: TOML `[[package]]` tables. The project itself and other
//! local sources (`editable`, `virtual`, `directory`) are listed as syft
//! does, flagged `python-uv-lock:local`.

use serde::Deserialize;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, PYPI, dedup, flag, pep503, toml};
use crate::package::Package;

/// The uv.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "python-uv-lock",
    globs: &["**/uv.lock"],
    max_size: 32 << 20,
    declared: true,
    parse,
};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Entry>,
}

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: Option<String>,
    #[serde(default)]
    source: toml::Table,
}

/// Parses a uv.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let lock: Lock = toml(path, bytes)?;
    let mut out = Vec::new();
    for e in lock.package {
        let local = ["editable", "virtual", "directory"]
            .iter()
            .any(|k| e.source.contains_key(*k));
        let Some(v) = e.version.filter(|v| !v.is_empty()) else {
            continue;
        };
        if e.name.is_empty() {
            continue;
        }
        let mut p = PYPI.package(&pep503(&e.name), &v, CATALOGER.name);
        if local {
            flag(&mut p, "python-uv-lock:local");
        }
        out.push(p);
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn packages() {
        let t = b"version = 1\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\nsource = { editable = \".\" }\n\n[[package]]\nname = \"anyio\"\nversion = \"4.4.0\"\nsource = { registry = \"https://pypi.org/simple\" }\n";
        let p = super::parse("/uv.lock", t).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].purl, "pkg:pypi/anyio@4.4.0");
        assert!(p[1].properties.contains_key("python-uv-lock:local"));
    }
}
