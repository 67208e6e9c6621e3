//! rpm: the three database formats, read natively — Berkeley DB hash
//! `Packages`, SQLite `rpmdb.sqlite`, NDB `Packages.db` — in `var/lib/rpm`
//! and `usr/lib/sysimage/rpm`, each yielding header blobs parsed by
//! [`header`].

pub mod bdb;
pub mod header;
pub mod ndb;
pub mod sqlite;

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::{Error, Result};
use crate::package::{Package, SourcePackage};
use crate::purl;

const DIRS: [&str; 2] = ["var/lib/rpm", "usr/lib/sysimage/rpm"];

/// The rpm cataloger.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rpm;

/// The database formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Berkeley DB hash.
    Bdb,
    /// SQLite.
    Sqlite,
    /// NDB.
    Ndb,
}

impl Format {
    /// The format of a database file by its name.
    pub fn of(path: &str) -> Option<Format> {
        match path.rsplit('/').next()? {
            "Packages" => Some(Format::Bdb),
            "rpmdb.sqlite" => Some(Format::Sqlite),
            "Packages.db" => Some(Format::Ndb),
            _ => None,
        }
    }
}

/// Reads the header blobs of a database in `format`, then the headers.
pub fn read(format: Format, bytes: &[u8]) -> Result<Vec<header::Header>, String> {
    let blobs = match format {
        Format::Bdb => bdb::values(bytes)?,
        Format::Sqlite => sqlite::values(bytes)?,
        Format::Ndb => ndb::values(bytes)?,
    };
    blobs
        .iter()
        .enumerate()
        .map(|(i, b)| header::parse(b).map_err(|e| format!("header {i}: {e}")))
        .collect()
}

/// `openssl-1.1.1k-5.el8.src.rpm` → (`openssl`, `1.1.1k-5.el8`).
pub fn split_source_rpm(s: &str) -> Option<(String, String)> {
    let base = s
        .strip_suffix(".src.rpm")
        .or_else(|| s.strip_suffix(".nosrc.rpm"))?;
    let (rest, release) = base.rsplit_once('-')?;
    let (name, version) = rest.rsplit_once('-')?;
    Some((name.to_owned(), format!("{version}-{release}")))
}

impl Cataloger for Rpm {
    fn name(&self) -> &'static str {
        "rpm"
    }

    fn requests(&self) -> Vec<FileRequest> {
        DIRS.iter()
            .flat_map(|d| {
                ["Packages", "rpmdb.sqlite", "Packages.db"]
                    .map(|f| FileRequest::path(&format!("{d}/{f}")).max_size(1 << 30))
            })
            .collect()
    }

    fn is_database(&self, _f: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, input: &Input<'_>) -> Result<Vec<Package>> {
        let path = format!("/{}", db.path);
        let format =
            Format::of(&db.path).ok_or_else(|| Error::malformed(&path, "unknown rpm database"))?;
        let bytes = db.bytes()?;
        let headers = read(format, &bytes).map_err(|e| Error::malformed(&path, e))?;
        let (ns, distro_q) = super::purl_context(input.distro, "redhat");
        let eco = input.distro.and_then(|d| d.ecosystem.clone());
        let mut out = Vec::with_capacity(headers.len());
        for h in headers {
            // gpg-pubkey entries are imported keys, not software.
            if h.name == "gpg-pubkey" {
                continue;
            }
            let vr = format!("{}-{}", h.version, h.release);
            let version = match h.epoch {
                Some(e) => format!("{e}:{vr}"),
                None => vr.clone(),
            };
            let mut p = Package::new("rpm", &h.name, &version, "rpm");
            p.arch = h.arch.clone().filter(|a| !a.is_empty());
            p.source = h
                .source_rpm
                .as_deref()
                .and_then(split_source_rpm)
                .map(|(n, v)| SourcePackage {
                    name: n,
                    version: Some(v),
                });
            p.licenses = h
                .license
                .clone()
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect();
            let epoch = h.epoch.map(|e| e.to_string()).unwrap_or_default();
            p.purl = purl::build(
                "rpm",
                Some(&ns),
                &h.name,
                &vr,
                &[
                    ("arch", p.arch.as_deref().unwrap_or("")),
                    ("distro", &distro_q),
                    ("epoch", &epoch),
                    ("upstream", h.source_rpm.as_deref().unwrap_or("")),
                ],
            );
            p.ecosystem = eco.clone();
            p.files = h.files;
            if let Some(label) = h.modularity_label {
                p.properties.insert("rpm:modularitylabel".into(), label);
            }
            if let Some(v) = h.vendor.filter(|v| !v.is_empty()) {
                p.properties.insert("rpm:vendor".into(), v);
            }
            out.push(p);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_rpm() {
        assert_eq!(
            split_source_rpm("openssl-1.1.1k-5.el8.src.rpm"),
            Some(("openssl".into(), "1.1.1k-5.el8".into()))
        );
        assert_eq!(split_source_rpm("nope"), None);
    }
}
