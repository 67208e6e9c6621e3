//! The blob cache: a content-addressed store laid out as `ROOT/blobs/ALG/HEX`
//! (an OCI layout's blob directory, which `bosun_image::Image::open_blobs`
//! reads). Only verified content is ever renamed into `blobs/`; downloads
//! go to a temporary file of their own under `ROOT/tmp/`, so concurrent
//! processes pulling the same blob never see each other's partial data, and
//! the final rename is atomic and idempotent.

use std::fs::{self, File};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use bosun_image::Digest;

use crate::error::{Error, Result};

/// Temporary files older than this belong to a process that died.
const STALE_TMP: Duration = Duration::from_secs(3600);

static TMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A blob cache rooted at a directory.
#[derive(Debug, Clone)]
pub struct BlobCache {
    root: PathBuf,
}

/// What `prune` removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PruneStats {
    /// Blobs removed.
    pub blobs: u64,
    /// Bytes freed (blobs and stale temporary files).
    pub bytes: u64,
    /// Blobs kept.
    pub kept: u64,
}

impl BlobCache {
    /// Opens (creating) a cache at `root`.
    pub fn open(root: impl Into<PathBuf>) -> Result<Self> {
        let root = root.into();
        for d in ["blobs/sha256", "blobs/sha512", "tmp"] {
            let p = root.join(d);
            fs::create_dir_all(&p).map_err(|e| Error::io(&p, e))?;
        }
        Ok(Self { root })
    }

    /// The default location: `registry` under the cache root
    /// ([`bosun_types::dirs::cache_root`]), else `./.cache/bosun/registry`.
    pub fn default_root() -> PathBuf {
        bosun_types::dirs::cache_root()
            .unwrap_or_else(|| PathBuf::from(".cache").join("bosun"))
            .join(bosun_types::dirs::REGISTRY_CACHE)
    }

    /// The root directory (what `Image::open_blobs` takes).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where a blob lives once cached.
    pub fn path(&self, d: &Digest) -> PathBuf {
        self.root
            .join("blobs")
            .join(d.algorithm().name())
            .join(d.hex())
    }

    /// Whether a blob is cached; a hit refreshes its modification time,
    /// which `prune --older-than` goes by.
    pub fn contains(&self, d: &Digest) -> bool {
        let p = self.path(d);
        if !p.is_file() {
            return false;
        }
        if let Ok(f) = File::options().write(true).open(&p) {
            // Best effort: a read-only cache still serves hits.
            let _ = f.set_modified(SystemTime::now());
        }
        true
    }

    /// Reads a small cached blob (a manifest or index), re-verifying it:
    /// documents are re-read on every run and are cheap to hash.
    pub fn read_verified(&self, d: &Digest, limit: u64) -> Result<Vec<u8>> {
        let p = self.path(d);
        let f = File::open(&p).map_err(|e| Error::io(&p, e))?;
        let mut buf = Vec::new();
        f.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(&p, e))?;
        if buf.len() as u64 > limit {
            return Err(Error::invalid(d.to_string(), "cached document too large"));
        }
        let actual = Digest::of(d.algorithm(), &buf);
        if &actual != d {
            // Damaged on disk: drop it so the next run fetches it again.
            let _ = fs::remove_file(&p);
            return Err(Error::DigestMismatch {
                what: format!("cached {}", p.display()),
                expected: d.to_string(),
                actual: actual.to_string(),
            });
        }
        Ok(buf)
    }

    /// Stores bytes whose digest the caller expects; refuses others.
    pub fn insert_bytes(&self, d: &Digest, bytes: &[u8]) -> Result<()> {
        let actual = Digest::of(d.algorithm(), bytes);
        if &actual != d {
            return Err(Error::DigestMismatch {
                what: format!("blob {d}"),
                expected: d.to_string(),
                actual: actual.to_string(),
            });
        }
        let mut t = self.temp(d)?;
        t.file.write_all(bytes).map_err(|e| Error::io(&t.path, e))?;
        self.commit(t, d)
    }

    /// A fresh temporary file for downloading `d`, unique to this process
    /// and call.
    pub fn temp(&self, d: &Digest) -> Result<TempBlob> {
        let n = TMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |t| t.subsec_nanos());
        let path = self.root.join("tmp").join(format!(
            "{}-{}.{}.{n}.{nanos}.part",
            d.algorithm().name(),
            d.hex(),
            std::process::id()
        ));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        Ok(TempBlob { path, file })
    }

    /// Moves a verified temporary file into place.
    pub fn commit(&self, t: TempBlob, d: &Digest) -> Result<()> {
        let TempBlob { path, file } = t;
        drop(file);
        let dst = self.path(d);
        fs::rename(&path, &dst).map_err(|e| {
            let _ = fs::remove_file(&path);
            Error::io(&dst, e)
        })
    }

    /// Removes blobs not used since `older_than` ago (all with `None`), and
    /// temporary files left by processes that died.
    pub fn prune(&self, older_than: Option<Duration>) -> Result<PruneStats> {
        let now = SystemTime::now();
        let mut stats = PruneStats::default();
        let old = |m: &fs::Metadata, age: Duration| {
            m.modified()
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|a| a >= age)
        };
        for alg in ["sha256", "sha512"] {
            let dir = self.root.join("blobs").join(alg);
            let Ok(rd) = fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let Ok(m) = e.metadata() else { continue };
                if !m.is_file() {
                    continue;
                }
                let remove = older_than.is_none_or(|age| old(&m, age));
                if remove && fs::remove_file(e.path()).is_ok() {
                    stats.blobs += 1;
                    stats.bytes += m.len();
                } else {
                    stats.kept += 1;
                }
            }
        }
        let tmp = self.root.join("tmp");
        if let Ok(rd) = fs::read_dir(&tmp) {
            for e in rd.flatten() {
                let Ok(m) = e.metadata() else { continue };
                if old(&m, STALE_TMP) && fs::remove_file(e.path()).is_ok() {
                    stats.bytes += m.len();
                }
            }
        }
        Ok(stats)
    }
}

/// A download in progress.
#[derive(Debug)]
pub struct TempBlob {
    /// Its path.
    pub path: PathBuf,
    /// The open file (read and write).
    pub file: File,
}

impl TempBlob {
    /// Throws the partial download away.
    pub fn discard(self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bosun_image::Algorithm;

    #[test]
    fn insert_verify_prune() {
        let t = tempfile::tempdir().unwrap();
        let c = BlobCache::open(t.path()).unwrap();
        let d = Digest::of(Algorithm::Sha256, b"hello");
        assert!(!c.contains(&d));
        let other = Digest::of(Algorithm::Sha256, b"other");
        assert!(c.insert_bytes(&other, b"hello").is_err());
        c.insert_bytes(&d, b"hello").unwrap();
        c.insert_bytes(&d, b"hello").unwrap();
        assert!(c.contains(&d));
        assert_eq!(c.read_verified(&d, 100).unwrap(), b"hello");
        assert_eq!(fs::read_dir(t.path().join("tmp")).unwrap().count(), 0);
        let s = c.prune(Some(Duration::from_secs(3600))).unwrap();
        assert_eq!((s.blobs, s.kept), (0, 1));
        let s = c.prune(None).unwrap();
        assert_eq!((s.blobs, s.bytes), (1, 5));
        assert!(!c.contains(&d));
    }

    #[test]
    fn damaged_cached_document_is_dropped() {
        let t = tempfile::tempdir().unwrap();
        let c = BlobCache::open(t.path()).unwrap();
        let d = Digest::of(Algorithm::Sha256, b"{}");
        c.insert_bytes(&d, b"{}").unwrap();
        fs::write(c.path(&d), b"{ }").unwrap();
        assert!(matches!(
            c.read_verified(&d, 100),
            Err(Error::DigestMismatch { .. })
        ));
        assert!(!c.contains(&d));
    }
}
