//! Establishing that an image's layer blobs are what its manifest says —
//! present, of the declared size, hashing to the declared digest — without
//! hashing every blob on every run.
//!
//! A cache of results may only answer for an image whose blobs are whole:
//! otherwise it vouches for an image nobody can pull. Hashing every blob
//! again would make the cache pointless, so a small record remembers which
//! files were hashed to which digest, keyed by what the file looks like on
//! disk (path, device, inode, size, modification and change times — the
//! change time cannot be set back by a user, so a rewrite in place is
//! noticed even when the modification time is restored). A file whose look
//! changed is hashed again.
//!
//! The record is checked, not trusted: it ends with the SHA-256 of the
//! rest, is bounded in size, and one that fails any check is ignored (the
//! blobs are hashed again). Writes are atomic (temporary file, then
//! rename) and merge with what another process wrote meanwhile, so
//! concurrent runs lose at most each other's newest entries.

use std::collections::HashMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::digest::{Algorithm, Digest, Expect, VerifyRead};
use crate::error::{Error, Result};
use crate::image::Image;
use crate::layer::LayerDigests;

/// The record's file name in its directory.
const FILE: &str = "verified-blobs.json";
/// First line of the record; bump when the format changes.
const MAGIC: &str = "bosun-verified-blobs/1\n";
/// Largest record read; larger ones are ignored.
const MAX_BYTES: u64 = 32 << 20;
/// Most entries kept; the oldest are dropped first.
const MAX_ENTRIES: usize = 50_000;

/// What a blob file looks like on disk: where it is and the metadata that
/// any change of its content changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct FileId {
    path: String,
    member: String,
    dev: u64,
    ino: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl FileId {
    /// The identity of the file at `path` (for an archive member, `member`
    /// names it within) from its metadata; `None` where the platform does
    /// not give inode and change time.
    #[cfg(unix)]
    pub(crate) fn of(path: String, member: String, m: &std::fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            path,
            member,
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        })
    }

    /// Without inode and change time a rewrite in place could go unseen,
    /// so nothing is remembered.
    #[cfg(not(unix))]
    pub(crate) fn of(_: String, _: String, _: &std::fs::Metadata) -> Option<Self> {
        None
    }
}

#[derive(Serialize, Deserialize)]
struct Entry {
    file: FileId,
    digest: Digest,
}

/// The record of blob files known to hash to a digest, kept in a cache
/// directory. Shared by threads; [`VerifiedBlobs::save`] writes it back.
#[derive(Debug)]
pub struct VerifiedBlobs {
    path: Option<PathBuf>,
    inner: Mutex<Known>,
}

#[derive(Debug, Default)]
struct Known {
    /// Insertion order, oldest first, for trimming.
    order: Vec<FileId>,
    map: HashMap<FileId, Digest>,
    added: Vec<FileId>,
}

impl Known {
    fn insert(&mut self, file: FileId, digest: Digest) {
        if self.map.insert(file.clone(), digest).is_none() {
            self.order.push(file);
        }
    }
}

/// The layers of an image as verified: each blob's digest, established by
/// [`Image::verify_blobs`]. Cache keys are made from this, not from what
/// the manifest claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedLayers {
    /// The configuration digest (verified when the image was opened).
    pub config: Digest,
    /// Each layer's blob digest, base first.
    pub blobs: Vec<Digest>,
}

impl VerifiedBlobs {
    /// The record kept in `dir` (empty when absent, unreadable or corrupt).
    pub fn load(dir: &Path) -> Self {
        let path = dir.join(FILE);
        let mut known = Known::default();
        for e in read_record(&path) {
            known.insert(e.file, e.digest);
        }
        Self {
            path: Some(path),
            inner: Mutex::new(known),
        }
    }

    /// A record that remembers nothing and is never saved: every blob is
    /// hashed.
    pub fn none() -> Self {
        Self {
            path: None,
            inner: Mutex::new(Known::default()),
        }
    }

    fn get(&self, file: &FileId) -> Option<Digest> {
        self.inner.lock().ok()?.map.get(file).cloned()
    }

    fn add(&self, file: FileId, digest: Digest) {
        if let Ok(mut k) = self.inner.lock() {
            k.added.push(file.clone());
            k.insert(file, digest);
        }
    }

    /// Remembers a layer blob just read whole and verified by a
    /// [`crate::LayerStream`] (`digests` from its `finish`).
    pub fn note_streamed(&self, digests: &LayerDigests) {
        if let (Some(file), Some(d)) = (&digests.file, &digests.blob.digest) {
            self.add(file.clone(), d.clone());
        }
    }

    /// Writes what was learnt back, merged with what is on disk now.
    /// Failures only cost a later run some hashing.
    pub fn save(&self) -> io::Result<()> {
        let Some(path) = &self.path else {
            return Ok(());
        };
        let Ok(mut k) = self.inner.lock() else {
            return Ok(());
        };
        if k.added.is_empty() {
            return Ok(());
        }
        // Another process may have written entries since this one loaded.
        let mut merged = Known::default();
        for e in read_record(path) {
            merged.insert(e.file, e.digest);
        }
        for f in std::mem::take(&mut k.added) {
            if let Some(d) = k.map.get(&f) {
                merged.insert(f, d.clone());
            }
        }
        let skip = merged.order.len().saturating_sub(MAX_ENTRIES);
        let entries: Vec<Entry> = merged
            .order
            .iter()
            .skip(skip)
            .filter_map(|f| {
                Some(Entry {
                    file: f.clone(),
                    digest: merged.map.get(f)?.clone(),
                })
            })
            .collect();
        let mut data = MAGIC.as_bytes().to_vec();
        serde_json::to_writer(&mut data, &entries).map_err(io::Error::other)?;
        data.push(b'\n');
        let sum = Digest::of(Algorithm::Sha256, &data);
        data.extend_from_slice(sum.hex().as_bytes());
        data.push(b'\n');
        let dir = path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        io::Write::write_all(&mut tmp, &data)?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

/// The entries of the record at `path`, or none when it fails any check.
fn read_record(path: &Path) -> Vec<Entry> {
    let Ok(f) = std::fs::File::open(path) else {
        return Vec::new();
    };
    let mut data = Vec::new();
    if f.take(MAX_BYTES + 1).read_to_end(&mut data).is_err() || data.len() as u64 > MAX_BYTES {
        return Vec::new();
    }
    // MAGIC, the JSON and a newline, then the hex SHA-256 of all that and
    // a newline.
    let Some(body_len) = data.len().checked_sub(65) else {
        return Vec::new();
    };
    let (body, sum) = data.split_at(body_len);
    let want = Digest::of(Algorithm::Sha256, body);
    if sum.strip_suffix(b"\n") != Some(want.hex().as_bytes()) {
        return Vec::new();
    }
    let Some(json) = body.strip_prefix(MAGIC.as_bytes()) else {
        return Vec::new();
    };
    let mut entries: Vec<Entry> = serde_json::from_slice(json).unwrap_or_default();
    entries.truncate(MAX_ENTRIES);
    entries
}

impl Image {
    /// Establishes that every layer blob is present, of the size its
    /// descriptor declares and hashes to the digest it declares, hashing
    /// only the blobs `known` does not already vouch for (and remembering
    /// them there). `None` when some layer has no declared digest (docker
    /// archives with compressed layers): such an image is not
    /// content-addressed.
    pub fn verify_blobs(&self, known: &VerifiedBlobs) -> Result<Option<VerifiedLayers>> {
        let Some(config) = self.config_digest.clone() else {
            return Ok(None);
        };
        let mut blobs = Vec::with_capacity(self.layers.len());
        for i in 0..self.layers.len() {
            match self.verify_layer_blob(i, known)? {
                Some(d) => blobs.push(d),
                None => return Ok(None),
            }
        }
        Ok(Some(VerifiedLayers { config, blobs }))
    }

    /// [`Image::verify_blobs`] for layer `index` alone: its verified blob
    /// digest, or `None` when the layer declares none.
    pub fn verify_layer_blob(&self, index: usize, known: &VerifiedBlobs) -> Result<Option<Digest>> {
        let (layer, files) = self.layer_file(index)?;
        let Some(digest) = &layer.digest else {
            return Ok(None);
        };
        let what = format!("layer {index} ({digest}) blob");
        let Some(size) = files.size(&layer.file) else {
            return Err(Error::NotFound {
                what,
                source_name: files.describe(),
                available: Vec::new(),
            });
        };
        if size != layer.size {
            return Err(Error::SizeMismatch {
                what,
                expected: layer.size,
                actual: size,
            });
        }
        let before = files.identity(&layer.file);
        if let Some(id) = &before
            && known.get(id).as_ref() == Some(digest)
        {
            return Ok(Some(digest.clone()));
        }
        let mut r = VerifyRead::new(
            files.open(&layer.file)?,
            Expect {
                what: what.clone(),
                digest: Some(digest.clone()),
                algorithm: digest.algorithm(),
                size: Some(layer.size),
                limit: None,
            },
        );
        io::copy(&mut r, &mut io::sink()).map_err(|e| Error::from_io(&what, e))?;
        // Remembered only when the file did not change while it was read.
        if let Some(id) = before
            && files.identity(&layer.file).as_ref() == Some(&id)
        {
            known.add(id, digest.clone());
        }
        Ok(Some(digest.clone()))
    }
}
