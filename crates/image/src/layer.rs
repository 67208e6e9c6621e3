//! Streaming a layer: its blob is hashed as it is read, decompressed as
//! detected from its first bytes, and the uncompressed tar hashed against
//! the diff_id.

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use crate::digest::{Algorithm, Expect, Verified, VerifyBufRead, VerifyRead};
use crate::error::{Error, Result};
use crate::image::Image;
use crate::spec::media_type;
use crate::store::Files;
use crate::verified::FileId;

pub use bosun_types::inspect::Compression;

impl Image {
    /// Opens layer `index` as a verified stream of its uncompressed tar.
    /// `max_uncompressed` caps the decompressed size (gzip bombs).
    pub fn open_layer(&self, index: usize, max_uncompressed: Option<u64>) -> Result<LayerStream> {
        let (layer, files) = self.layer_file(index)?;
        let what = match &layer.digest {
            Some(d) => format!("layer {index} ({d})"),
            None => format!("layer {index} ({})", layer.file),
        };
        let file = files.identity(&layer.file);
        let raw = files.open(&layer.file).map_err(|e| match e {
            Error::NotFound { .. } => Error::NotFound {
                what: format!("{what} blob"),
                source_name: files.describe(),
                available: Vec::new(),
            },
            Error::Io { source, .. } if source.kind() == io::ErrorKind::NotFound => {
                Error::NotFound {
                    what: format!("{what} blob"),
                    source_name: files.describe(),
                    available: Vec::new(),
                }
            }
            e => e,
        })?;
        let blob = VerifyBufRead::new(
            BufReader::with_capacity(256 << 10, raw),
            Expect {
                what: format!("{what} blob"),
                digest: layer.digest.clone(),
                algorithm: Algorithm::Sha256,
                size: Some(layer.size),
                limit: None,
            },
        );
        let mut blob = blob;
        let head = blob.fill_buf().map_err(|e| Error::from_io(&what, e))?;
        let compression = if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        };
        let declared = declared_compression(&layer.media_type);
        if declared.is_some_and(|d| d != Compression::None) && compression == Compression::None {
            return Err(Error::invalid(
                what,
                format!(
                    "media type {} but the blob is not compressed that way",
                    layer.media_type
                ),
            ));
        }
        let decoder = match compression {
            Compression::None => Decoder::Plain(Box::new(blob)),
            Compression::Gzip => {
                Decoder::Gzip(Box::new(flate2::bufread::MultiGzDecoder::new(blob)))
            }
            Compression::Zstd => Decoder::Zstd(Box::new(
                zstd::stream::read::Decoder::with_buffer(blob)
                    .map_err(|e| Error::from_io(&what, e))?,
            )),
        };
        let tar = VerifyRead::new(
            decoder,
            Expect {
                what: format!("{what} uncompressed (diff_id)"),
                digest: layer.diff_id.clone(),
                algorithm: Algorithm::Sha256,
                size: None,
                limit: max_uncompressed.map(|l| {
                    (
                        l,
                        "the uncompressed size limit; raise it with --max-image-bytes",
                    )
                }),
            },
        );
        Ok(LayerStream {
            inner: BufReader::with_capacity(256 << 10, tar),
            what,
            compression,
            source: file.map(|id| (files.clone(), layer.file.clone(), id)),
        })
    }
}

fn declared_compression(media_type: &str) -> Option<Compression> {
    use media_type::*;
    match media_type {
        OCI_LAYER | OCI_LAYER_ND | DOCKER_LAYER => Some(Compression::None),
        OCI_LAYER_GZIP | OCI_LAYER_ND_GZIP | DOCKER_LAYER_GZIP | DOCKER_LAYER_FOREIGN => {
            Some(Compression::Gzip)
        }
        OCI_LAYER_ZSTD | OCI_LAYER_ND_ZSTD | DOCKER_LAYER_ZSTD => Some(Compression::Zstd),
        _ => None,
    }
}

/// A layer blob being read and hashed.
type Blob = VerifyBufRead<BufReader<Box<dyn Read + Send>>>;

enum Decoder {
    Plain(Box<Blob>),
    Gzip(Box<flate2::bufread::MultiGzDecoder<Blob>>),
    Zstd(Box<zstd::stream::read::Decoder<'static, Blob>>),
}

impl Decoder {
    fn blob(&mut self) -> &mut Blob {
        match self {
            Decoder::Plain(b) => b,
            Decoder::Gzip(d) => d.get_mut(),
            Decoder::Zstd(d) => d.get_mut(),
        }
    }
}

impl Read for Decoder {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Decoder::Plain(r) => r.read(buf),
            Decoder::Gzip(r) => r.read(buf),
            Decoder::Zstd(r) => r.read(buf),
        }
    }
}

/// A layer's uncompressed tar, verified against the blob digest and the
/// diff_id as it is read. Errors surface as `io::Error`s wrapping
/// [`Error`]; [`LayerStream::finish`] drains and reports both digests.
pub struct LayerStream {
    inner: BufReader<VerifyRead<Decoder>>,
    what: String,
    compression: Compression,
    /// The blob file and what it looked like when opened.
    source: Option<(Arc<dyn Files>, String, FileId)>,
}

/// What a fully read layer hashed to.
#[derive(Debug, Clone)]
pub struct LayerDigests {
    /// The blob as stored.
    pub blob: Verified,
    /// The uncompressed tar.
    pub diff: Verified,
    /// The detected compression.
    pub compression: Compression,
    /// The blob file as it was while read, if it did not change meanwhile.
    pub(crate) file: Option<FileId>,
}

impl LayerStream {
    /// Names the layer in errors.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// Reads whatever the consumer left (tar padding, trailing bytes), then
    /// verifies both digests.
    pub fn finish(mut self) -> Result<LayerDigests> {
        if let Err(e) = io::copy(&mut self.inner, &mut io::sink()) {
            let e = self.blame(e);
            return Err(Error::from_io(&self.what, e));
        }
        let tar = self.inner.into_inner();
        let diff = tar.result().clone();
        let mut tar = tar;
        let blob = tar.inner_mut().blob();
        blob.drain().map_err(|e| Error::from_io(&self.what, e))?;
        let file = self.source.and_then(|(files, name, id)| {
            (files.identity(&name).as_ref() == Some(&id)).then_some(id)
        });
        Ok(LayerDigests {
            blob: blob.result().clone(),
            diff,
            compression: self.compression,
            file,
        })
    }

    /// Whether the blob is other than its descriptor says: reads it to its
    /// end (never past the descriptor's size) and returns the digest or
    /// size mismatch, if any. A consumer that fails to parse the tar asks
    /// this first, since an altered blob makes the decoder and the tar
    /// reader fail before the digest is known; their error is only the
    /// cause when the blob is genuine.
    pub fn blob_mismatch(&mut self) -> Option<Error> {
        let blob = self.inner.get_mut().inner_mut().blob();
        match blob.drain().map_err(|e| Error::from_io(&self.what, e)) {
            Err(e @ (Error::DigestMismatch { .. } | Error::SizeMismatch { .. })) => Some(e),
            _ => None,
        }
    }

    /// The error to report for a read that failed with `e`: the blob's
    /// mismatch when there is one, else `e` naming the layer.
    fn blame(&mut self, e: io::Error) -> io::Error {
        match self.blob_mismatch() {
            Some(m) => io::Error::other(m),
            None => name_error(&self.what, e),
        }
    }
}

/// Makes every error name the layer: decoder errors ("corrupt deflate
/// stream") say nothing of where they happened.
fn name_error(what: &str, e: io::Error) -> io::Error {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        e
    } else {
        io::Error::other(Error::invalid(what, e.to_string()))
    }
}

impl Read for LayerStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self.inner.read(buf) {
            Ok(n) => Ok(n),
            Err(e) => Err(self.blame(e)),
        }
    }
}

impl BufRead for LayerStream {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        // Checked first and asked again: the borrow of a successful fill
        // cannot be held across the blame of a failed one.
        if let Err(e) = self.inner.fill_buf().map(|_| ()) {
            return Err(self.blame(e));
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        self.inner.consume(amt);
    }
}
