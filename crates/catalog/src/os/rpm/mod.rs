//! rpm: the three database formats, read natively — Berkeley DB hash
//! `Packages`, SQLite `rpmdb.sqlite`, NDB `Packages.db` — in `var/lib/rpm`
//! and `usr/lib/sysimage/rpm`, each yielding header blobs parsed by
//! [`header`].

pub mod bdb;
mod error;
pub mod header;
pub mod ndb;
pub mod sqlite;

pub use error::DbError;

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
pub fn read(format: Format, bytes: &[u8]) -> Result<Vec<header::Header>, DbError> {
    let blobs = match format {
        Format::Bdb => bdb::values(bytes)?,
        Format::Sqlite => sqlite::values(bytes)?,
        Format::Ndb => ndb::values(bytes)?,
    };
    blobs
        .iter()
        .enumerate()
        .map(|(index, b)| {
            header::parse(b).map_err(|e| DbError::Header {
                index,
                reason: Box::new(e),
            })
        })
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
        let headers = read(format, &bytes).map_err(|e| Error::malformed(&path, e.to_string()))?;
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
    use super::header::tests::sample;
    use super::*;

    /// An NDB file holding `blobs`, laid out as rpm writes it.
    fn ndb(blobs: &[Vec<u8>]) -> Vec<u8> {
        let mut f = vec![0u8; 4096];
        f[0..4].copy_from_slice(b"RpmP");
        f[12..16].copy_from_slice(&1u32.to_le_bytes());
        for (i, b) in blobs.iter().enumerate() {
            let blk = f.len() / 16;
            let cnt = (16 + b.len()).div_ceil(16);
            let slot = 32 + i * 16;
            f[slot..slot + 4].copy_from_slice(b"Slot");
            f[slot + 4..slot + 8].copy_from_slice(&(i as u32 + 1).to_le_bytes());
            f[slot + 8..slot + 12].copy_from_slice(&(blk as u32).to_le_bytes());
            f[slot + 12..slot + 16].copy_from_slice(&(cnt as u32).to_le_bytes());
            f.extend_from_slice(b"BlbS");
            f.extend_from_slice(&(i as u32 + 1).to_le_bytes());
            f.extend_from_slice(&0u32.to_le_bytes());
            f.extend_from_slice(&(b.len() as u32).to_le_bytes());
            f.extend_from_slice(b);
            f.resize(f.len().div_ceil(16) * 16, 0);
        }
        f
    }

    /// A one-bucket BDB hash file whose values are off-page items spread
    /// over overflow pages of 512 bytes.
    fn bdb(blobs: &[Vec<u8>]) -> Vec<u8> {
        const PS: usize = 512;
        let mut pages: Vec<Vec<u8>> = vec![vec![0u8; PS], vec![0u8; PS]];
        let mut items = Vec::new();
        for b in blobs {
            let first = pages.len();
            let chunks: Vec<&[u8]> = b.chunks(PS - 26).collect();
            for (i, c) in chunks.iter().enumerate() {
                let n = pages.len();
                let mut p = vec![0u8; PS];
                p[8..12].copy_from_slice(&(n as u32).to_le_bytes());
                let next = if i + 1 < chunks.len() { n + 1 } else { 0 };
                p[16..20].copy_from_slice(&(next as u32).to_le_bytes());
                p[22..24].copy_from_slice(&(c.len() as u16).to_le_bytes());
                p[25] = 7;
                p[26..26 + c.len()].copy_from_slice(c);
                pages.push(p);
            }
            items.push((first as u32, b.len() as u32));
        }
        let meta = &mut pages[0];
        meta[12..16].copy_from_slice(&0x0006_1561u32.to_le_bytes());
        meta[20..24].copy_from_slice(&(PS as u32).to_le_bytes());
        let last = pages.len() as u32 - 1;
        pages[0][32..36].copy_from_slice(&last.to_le_bytes());
        let hp = &mut pages[1];
        hp[25] = 13;
        hp[20..22].copy_from_slice(&((items.len() * 2) as u16).to_le_bytes());
        let mut top = PS;
        for (i, (pg, len)) in items.iter().enumerate() {
            // key: 4-byte instance number
            top -= 5;
            hp[top] = 1;
            hp[top + 1..top + 5].copy_from_slice(&(i as u32 + 1).to_le_bytes());
            hp[26 + 4 * i..28 + 4 * i].copy_from_slice(&(top as u16).to_le_bytes());
            top -= 12;
            hp[top] = 3;
            hp[top + 4..top + 8].copy_from_slice(&pg.to_le_bytes());
            hp[top + 8..top + 12].copy_from_slice(&len.to_le_bytes());
            hp[28 + 4 * i..30 + 4 * i].copy_from_slice(&(top as u16).to_le_bytes());
        }
        pages.concat()
    }

    #[test]
    fn every_format_reads_the_same_headers() {
        let blobs = vec![sample("alpha"), sample("beta")];
        let names = |f: Format, b: &[u8]| -> Vec<String> {
            read(f, b).unwrap().into_iter().map(|h| h.name).collect()
        };
        assert_eq!(names(Format::Ndb, &ndb(&blobs)), ["alpha", "beta"]);
        assert_eq!(names(Format::Bdb, &bdb(&blobs)), ["alpha", "beta"]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rpmdb.sqlite");
        {
            let c = rusqlite::Connection::open(&path).unwrap();
            c.execute_batch("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);")
                .unwrap();
            for b in &blobs {
                c.execute("INSERT INTO Packages (blob) VALUES (?1)", [b])
                    .unwrap();
            }
        }
        assert_eq!(
            names(Format::Sqlite, &std::fs::read(&path).unwrap()),
            ["alpha", "beta"]
        );
    }

    #[test]
    fn hostile_bdb_chains_and_ndb_slots() {
        // An overflow chain that points back at itself.
        let mut b = bdb(&[sample("x")]);
        let p2 = 2 * 512;
        let item = 512 + 512 - 5 - 12;
        b[p2 + 16..p2 + 20].copy_from_slice(&2u32.to_le_bytes());
        b[item + 8..item + 12].copy_from_slice(&1400u32.to_le_bytes());
        let e = read(Format::Bdb, &b).unwrap_err().to_string();
        assert!(e.contains("loops") || e.contains("overflow"), "{e}");
        // An absurd off-page length.
        let mut b = bdb(&[sample("x")]);
        b[item + 8..item + 12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(Format::Bdb, &b).is_err());
        // A slot pointing past the end.
        let mut n = ndb(&[sample("x")]);
        n[40..44].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(read(Format::Ndb, &n).is_err());
        // Truncations anywhere.
        for f in [Format::Bdb, Format::Ndb] {
            let full = if f == Format::Bdb {
                bdb(&[sample("x")])
            } else {
                ndb(&[sample("x")])
            };
            for cut in 0..full.len() {
                let _ = read(f, &full[..cut]);
            }
        }
    }

    #[test]
    fn source_rpm() {
        assert_eq!(
            split_source_rpm("openssl-1.1.1k-5.el8.src.rpm"),
            Some(("openssl".into(), "1.1.1k-5.el8".into()))
        );
        assert_eq!(split_source_rpm("nope"), None);
    }
}
