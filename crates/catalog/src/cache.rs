//! The result cache: an image's catalog keyed by what determines it —
//! the catalog version and settings, the name and version of every
//! cataloger that runs ([`crate::fingerprint`]), the config digest and
//! every layer's blob digest, as verified — so a second SBOM of an
//! unchanged image reads one file instead of walking any layer. A hit
//! still establishes that the image as given is whole (every blob present,
//! of its declared size and digest), so the cache never vouches for an
//! image nobody could pull. Writes are atomic (temporary file, then rename);
//! an entry that does not parse is ignored and rewritten.

use std::path::{Path, PathBuf};

use bosun_image::{Image, VerifiedBlobs, VerifiedLayers};
use sha2::{Digest, Sha256};

use crate::catalog::Sbom;
use crate::config::CatalogConfig;

/// The default cache directory: `layers` under the cache root
/// ([`bosun_types::dirs::cache_root`]).
pub fn default_dir() -> Option<PathBuf> {
    Some(bosun_types::dirs::cache_root()?.join(bosun_types::dirs::CATALOG_CACHE))
}

/// The cache key of an image whose blobs were verified as `layers`,
/// cataloged with `settings`. Made from what was verified, never from
/// what a manifest claims: the configuration digest (checked when the
/// image was opened; it covers the diff_ids, checked by the walk that
/// wrote the entry) and each layer's verified blob digest.
pub fn key(
    layers: &VerifiedLayers,
    source: crate::Source,
    platform: Option<&str>,
    settings: &CatalogConfig,
) -> String {
    let mut h = Sha256::new();
    let fingerprint = crate::fingerprint(source, settings);
    h.update(format!("{fingerprint}\n{}\n", layers.config).as_bytes());
    h.update(platform.unwrap_or("").as_bytes());
    for d in &layers.blobs {
        h.update(d.to_string().as_bytes());
        h.update(b"\n");
    }
    format!("{:x}", h.finalize())
}

/// The key `image` would have if its blobs are as its manifest claims:
/// only used to see whether an entry exists before verifying anything.
fn claimed_key(image: &Image, platform: Option<&str>, settings: &CatalogConfig) -> Option<String> {
    let layers = VerifiedLayers {
        config: image.config_digest.clone()?,
        blobs: image
            .layers
            .iter()
            .map(|l| l.digest.clone())
            .collect::<Option<_>>()?,
    };
    Some(key(&layers, crate::Source::of(image), platform, settings))
}

/// The cached catalog of `image`, once the image as given is established
/// to be whole: an entry is only returned after every layer blob was found
/// present with the size and digest its descriptor declares (hashing only
/// blobs the record in `dir` does not vouch for). A broken image is an
/// error, as it would be without the cache; a miss is `Ok(None)`.
pub fn lookup(
    dir: &Path,
    image: &Image,
    platform: Option<&str>,
    settings: &CatalogConfig,
) -> Result<Option<Sbom>, bosun_image::Error> {
    // Nothing to vouch for without an entry: the walk verifies as it reads.
    let Some(claimed) = claimed_key(image, platform, settings) else {
        return Ok(None);
    };
    if !entry(dir, &claimed).is_file() {
        return Ok(None);
    }
    let known = VerifiedBlobs::load(dir);
    let verified = image.verify_blobs(&known)?;
    // A failed write only costs a later run some hashing.
    let _ = known.save();
    Ok(verified.and_then(|v| load(dir, &key(&v, crate::Source::of(image), platform, settings))))
}

/// Stores the catalog of `image`, just walked (so verified), under the key
/// of its verified blobs; an image that is not content-addressed is not
/// stored. Failures only cost the next run a walk.
pub fn store_image(
    dir: &Path,
    image: &Image,
    platform: Option<&str>,
    settings: &CatalogConfig,
    sbom: &Sbom,
) -> std::io::Result<()> {
    // The walk recorded the blobs it read: this only looks them up.
    let known = VerifiedBlobs::load(dir);
    let verified = image.verify_blobs(&known).map_err(std::io::Error::other)?;
    let _ = known.save();
    match verified {
        Some(v) => store(
            dir,
            &key(&v, crate::Source::of(image), platform, settings),
            sbom,
        ),
        None => Ok(()),
    }
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
