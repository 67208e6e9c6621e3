//! Rust executables built with cargo-auditable: the `.dep-v0` section
//! (`__DATA,.dep-v0` on Mach-O) holds the zlib-compressed JSON list of the
//! crates compiled in. The walk keeps only the compressed section.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use bosun_layers::{Content, Extractor, FileRequest};
use serde::Deserialize;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::{Error, Result};
use crate::lang::exe::with_images;
use crate::package::Package;
use crate::purl;

/// Largest compressed section kept.
const MAX_SECTION: u64 = 8 << 20;
/// Largest decompressed JSON accepted (a zlib bomb stops here).
const MAX_JSON: u64 = 64 << 20;

/// cargo-auditable dependency lists in executables.
#[derive(Debug, Default)]
pub struct CargoAuditable;

/// The extractor: the compressed `.dep-v0` section, or nothing.
pub fn extractor() -> Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| {
        Arc::new(|c: &Content| {
            with_images(c, |img| {
                let s = img.section(&[".dep-v0", "__dep_v0"])?;
                if s.size > MAX_SECTION {
                    return None;
                }
                img.read(s.offset, s.size).map(<[u8]>::to_vec)
            })
        })
    })
    .clone()
}

#[derive(Deserialize)]
struct Info {
    packages: Vec<Crate>,
}

#[derive(Deserialize)]
struct Crate {
    name: String,
    version: String,
    #[serde(default)]
    source: String,
    /// `runtime` (the default) or `build`.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    root: bool,
}

impl Cataloger for CargoAuditable {
    fn name(&self) -> &'static str {
        "cargo-auditable"
    }

    fn requests(&self) -> Vec<FileRequest> {
        crate::lang::exe::requests(&extractor())
    }

    fn is_database(&self, _: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, _: &Input<'_>) -> Result<Vec<Package>> {
        let path = format!("/{}", db.path);
        parse(&db.bytes()?, self.name()).map_err(|e| Error::malformed(&path, e.to_string()))
    }
}

/// Why a `.dep-v0` section yields no packages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SectionError {
    /// The zlib stream is broken.
    #[error("cargo-auditable section: {0}")]
    Inflate(#[source] std::io::Error),
    /// The JSON inflates beyond [`MAX_JSON`] bytes.
    #[error("cargo-auditable section: decompresses beyond 64 MiB")]
    TooLarge,
    /// The JSON does not have the cargo-auditable shape.
    #[error("cargo-auditable JSON: {0}")]
    Json(#[source] serde_json::Error),
}

/// Packages of one compressed `.dep-v0` section.
pub fn parse(section: &[u8], cataloger: &str) -> std::result::Result<Vec<Package>, SectionError> {
    let mut json = Vec::new();
    flate2::read::ZlibDecoder::new(section)
        .take(MAX_JSON + 1)
        .read_to_end(&mut json)
        .map_err(SectionError::Inflate)?;
    if json.len() as u64 > MAX_JSON {
        return Err(SectionError::TooLarge);
    }
    let info: Info = serde_json::from_slice(&json).map_err(SectionError::Json)?;
    // Build dependencies (build scripts, proc macros' helpers) are not
    // compiled into the executable; syft leaves them out too.
    Ok(info
        .packages
        .into_iter()
        .filter(|c| c.kind.as_deref() != Some("build"))
        .map(|c| {
            let mut p = crate_package(&c.name, &c.version, cataloger);
            if !c.source.is_empty() {
                p.properties.insert("cargo:source".into(), c.source);
            }
            if c.kind.as_deref() == Some("build") {
                p.properties
                    .insert("cargo:build-dependency".into(), "true".into());
            }
            if c.root {
                p.properties.insert("cargo:root".into(), "true".into());
            }
            p
        })
        .collect())
}

/// A crates.io package.
pub(crate) fn crate_package(name: &str, version: &str, cataloger: &str) -> Package {
    let mut p = Package::new("cargo", name, version, cataloger);
    p.ecosystem = Some("crates.io".into());
    p.purl = purl::build("cargo", None, name, version, &[]);
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(b: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn section() {
        let json = br#"{"packages":[{"name":"app","version":"0.1.0","source":"local","root":true,"dependencies":[1]},{"name":"cc","version":"1.0.0","source":"crates.io","kind":"build"}]}"#;
        let p = parse(&zlib(json), "cargo-auditable").unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].purl, "pkg:cargo/app@0.1.0");
        assert!(parse(b"not zlib", "x").is_err());
        assert!(parse(&zlib(b"{}"), "x").is_err());
    }
}
