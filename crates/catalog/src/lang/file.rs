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

/// An ecosystem: PURL type and OSV ecosystem name.
#[derive(Debug, Clone, Copy)]
pub struct Ecosystem {
    /// The PURL type (`pypi`).
    pub kind: &'static str,
    /// The OSV ecosystem (`PyPI`).
    pub osv: &'static str,
}

/// Python packages.
pub const PYPI: Ecosystem = Ecosystem {
    kind: "pypi",
    osv: "PyPI",
};
/// JavaScript packages.
pub const NPM: Ecosystem = Ecosystem {
    kind: "npm",
    osv: "npm",
};
/// Ruby gems.
pub const GEM: Ecosystem = Ecosystem {
    kind: "gem",
    osv: "RubyGems",
};
/// PHP Composer packages.
pub const COMPOSER: Ecosystem = Ecosystem {
    kind: "composer",
    osv: "Packagist",
};
/// .NET NuGet packages.
pub const NUGET: Ecosystem = Ecosystem {
    kind: "nuget",
    osv: "NuGet",
};

impl Ecosystem {
    /// A package of this ecosystem with its PURL; `name` may carry a
    /// namespace (`@scope/name`, `vendor/name`), split off for the PURL.
    pub fn package(self, name: &str, version: &str, cataloger: &str) -> Package {
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

/// A Python project name normalised per PEP 503: lowercase, runs of
/// `-`, `_` and `.` collapsed to one `-`.
pub fn pep503(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.trim().chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
            continue;
        }
        if sep && !out.is_empty() {
            out.push('-');
        }
        sep = false;
        out.extend(c.to_lowercase());
    }
    out
}

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
    fn pep503_normalises() {
        assert_eq!(pep503("Friendly-Bard"), "friendly-bard");
        assert_eq!(pep503("friendly.._bard"), "friendly-bard");
        assert_eq!(pep503("FRIENDLY_BARD"), "friendly-bard");
        assert_eq!(pep503("zope.interface"), "zope-interface");
    }

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
