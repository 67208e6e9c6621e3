//! `poetry.lock`: TOML `[[package]]` tables (`name`, `version`, and in
//! older lockfiles `category = "dev"`).

use serde::Deserialize;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, PYPI, dedup, mark_dev, pep503, toml};
use crate::package::Package;

/// The poetry.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "python-poetry-lock",
    globs: &["**/poetry.lock"],
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
    version: String,
    category: Option<String>,
}

/// Parses a poetry.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let lock: Lock = toml(path, bytes)?;
    let mut out = Vec::new();
    for e in lock.package {
        if e.name.is_empty() || e.version.is_empty() {
            continue;
        }
        let mut p = PYPI.package(&pep503(&e.name), &e.version, CATALOGER.name);
        if e.category.as_deref() == Some("dev") {
            mark_dev(&mut p);
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
        let t = b"[[package]]\nname = \"Added-Value\"\nversion = \"0.14.2\"\ncategory = \"dev\"\n\n[[package]]\nname = \"six\"\nversion = \"1.16.0\"\n\n[metadata]\nlock-version = \"1.1\"\n";
        let p = super::parse("/poetry.lock", t).unwrap();
        assert_eq!(p[0].name, "added-value");
        assert_eq!(p[0].properties.get("dev").map(String::as_str), Some("true"));
        assert!(super::parse("/poetry.lock", b"[[package]]\nname = 1").is_err());
    }
}
