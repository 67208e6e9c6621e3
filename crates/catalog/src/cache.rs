//! The result cache: an image's catalog keyed by what determines it —
//! the catalog version and settings, the name and version of every
//! cataloger that runs ([`crate::fingerprint`]), the config digest and
//! every layer's blob digest —
//! so a second SBOM of an unchanged image reads one file instead of
//! walking any layer. Writes are atomic (temporary file, then rename);
//! an entry that does not parse is ignored and rewritten.

use std::path::{Path, PathBuf};

use bosun_image::Image;
use sha2::{Digest, Sha256};

use crate::catalog::Sbom;
use crate::config::CatalogConfig;

/// The default cache directory: `layers` under the cache root
/// ([`bosun_types::dirs::cache_root`]).
pub fn default_dir() -> Option<PathBuf> {
    Some(bosun_types::dirs::cache_root()?.join(bosun_types::dirs::CATALOG_CACHE))
}

/// The cache key of `image` cataloged with `settings`, or `None` when the
/// image is not content-addressed (a root filesystem directory).
pub fn key(image: &Image, platform: Option<&str>, settings: &CatalogConfig) -> Option<String> {
    let config = image.config_digest.as_ref()?;
    let mut h = Sha256::new();
    let fingerprint = crate::fingerprint(crate::Source::of(image), settings);
    h.update(format!("{fingerprint}\n{config}\n").as_bytes());
    h.update(platform.unwrap_or("").as_bytes());
    for l in &image.layers {
        h.update(l.digest.as_ref()?.to_string().as_bytes());
        h.update(b"\n");
    }
    Some(format!("{:x}", h.finalize()))
}

fn entry(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("sbom-{key}.json"))
}

/// The cached catalog for `key`, when present and readable.
pub fn load(dir: &Path, key: &str) -> Option<Sbom> {
    let bytes = std::fs::read(entry(dir, key)).ok()?;
    serde_json::from_slice::<Sbom>(&bytes)
        .ok()
        .filter(|s| s.schema == crate::catalog::SBOM_SCHEMA)
}

/// Stores `sbom` under `key`; failures only cost the next run a walk.
pub fn store(dir: &Path, key: &str, sbom: &Sbom) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    // Buffered: serde_json writes token by token, a system call each.
    let mut w = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(dir)?);
    serde_json::to_writer(&mut w, sbom)?;
    let tmp = w.into_inner().map_err(|e| e.into_error())?;
    tmp.persist(entry(dir, key)).map_err(|e| e.error)?;
    Ok(())
}
