//! The shape most language catalogers share: every file matching some
//! globs is a self-contained database, parsed on its own by a plain
//! function of its path and bytes (which the fuzz targets call directly).

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::Result;
use crate::package::Package;
use crate::purl;

/// Parses one file (its absolute path, for errors) into packages.
pub type ParseFn = fn(&str, &[u8]) -> Result<Vec<Package>>;

/// A cataloger over self-contained manifest or metadata files.
#[derive(Debug, Clone, Copy)]
pub struct FileCataloger {
    /// The cataloger's name.
    pub name: &'static str,
    /// Globs over the whole path.
    pub globs: &'static [&'static str],
    /// Largest file read.
    pub max_size: u64,
    /// Whether it only runs on directory sources.
    pub declared: bool,
    /// The parser.
    pub parse: ParseFn,
}

impl Cataloger for FileCataloger {
    fn name(&self) -> &'static str {
        self.name
    }

    fn requests(&self) -> Vec<FileRequest> {
        self.globs
            .iter()
            .map(|g| FileRequest::glob(g).max_size(self.max_size))
            .collect()
    }

    fn is_database(&self, _file: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, _input: &Input<'_>) -> Result<Vec<Package>> {
        let bytes = db.bytes()?;
        let mut pkgs = (self.parse)(&format!("/{}", db.path), &bytes)?;
        for p in &mut pkgs {
            p.cataloger = self.name.to_owned();
        }
        Ok(pkgs)
    }

    fn declared(&self) -> bool {
        self.declared
    }
}

pub use bosun_types::ecosystem::{COMPOSER, Ecosystem, GEM, NPM, NUGET, PYPI};

/// Packages of a language ecosystem.
pub trait EcosystemPackage {
    /// A package of this ecosystem with its PURL; `name` may carry a
    /// namespace (`@scope/name`, `vendor/name`), split off for the PURL.
    fn package(self, name: &str, version: &str, cataloger: &str) -> Package;
}

impl EcosystemPackage for Ecosystem {
    fn package(self, name: &str, version: &str, cataloger: &str) -> Package {
        let mut p = Package::new(self.kind, name, version, cataloger);
        p.ecosystem = Some(self.osv.to_owned());
        let (ns, base) = match self.kind {
            "npm" | "composer" => match name.rsplit_once('/') {
                Some((ns, base)) => (Some(ns), base),
                None => (None, name),
            },
            _ => (None, name),
        };
        p.purl = if self.kind == "pypi" {
            purl::build(self.kind, None, &pep503(name), version, &[])
        } else {
            purl::build(self.kind, ns, base, version, &[])
        };
        p
    }
}

pub use bosun_types::ecosystem::pep503;

/// Marks a package as a development dependency.
pub fn mark_dev(p: &mut Package) {
    flag(p, "dev");
}

/// Sets the property `key` to `true`.
pub fn flag(p: &mut Package, key: &str) {
    p.properties.insert(key.into(), "true".into());
}

/// Parses TOML, naming `path` on failure.
pub fn toml<T: serde::de::DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T> {
    ::toml::from_str(text(path, bytes)?).map_err(|e| crate::Error::malformed(path, e.to_string()))
}

/// Parses JSON, naming `path` on failure.
pub fn json<T: serde::de::DeserializeOwned>(path: &str, bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| crate::Error::malformed(path, e.to_string()))
}

/// The text, naming `path` when it is not UTF-8.
pub fn text<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| crate::Error::malformed(path, e.to_string()))
}

/// Sorts by (name, version) and drops repeats.
pub fn dedup(pkgs: &mut Vec<Package>) {
    pkgs.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
    pkgs.dedup_by(|a, b| a.name == b.name && a.version == b.version);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purls() {
        assert_eq!(
            NPM.package("@babel/core", "7.1.0", "x").purl,
            "pkg:npm/%40babel/core@7.1.0"
        );
        assert_eq!(
            PYPI.package("Zope.Interface", "5.0", "x").purl,
            "pkg:pypi/zope-interface@5.0"
        );
        assert_eq!(
            COMPOSER.package("symfony/console", "v5.1.0", "x").purl,
            "pkg:composer/symfony/console@v5.1.0"
        );
    }
}
