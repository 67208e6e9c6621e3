//! A streaming reader for tar archives (ustar, GNU and PAX) built for
//! hostile input.
//!
//! Container layers are tar streams made by anyone. This reader never
//! allocates more than [`Limits::max_metadata`] for a header's metadata
//! (GNU long names, PAX records), checks every header's checksum, refuses
//! numeric fields that overflow, and never panics: every problem is an
//! [`Error`] carrying the byte offset where it was found.
//!
//! It is a lending reader: [`Reader::next_entry`] yields one [`Entry`] at a
//! time, whose data can be read (or ignored: it is skipped on the next call).
//! Paths are raw bytes, as in the archive.

#![warn(clippy::indexing_slicing)]

use std::io::{self, Read};

const BLOCK: usize = 512;

/// Why a tar stream could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The underlying reader failed.
    #[error("read error at offset {offset}: {source}")]
    Io {
        /// Byte offset in the tar stream.
        offset: u64,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The stream ended inside a header or an entry's data.
    #[error("unexpected end of archive at offset {offset} ({context})")]
    Truncated {
        /// Byte offset in the tar stream.
        offset: u64,
        /// What was being read.
        context: &'static str,
    },
    /// A header is malformed.
    #[error("invalid tar header at offset {offset}: {reason}")]
    BadHeader {
        /// Byte offset of the header block.
        offset: u64,
        /// What is wrong with it.
        reason: String,
    },
    /// A limit was exceeded.
    #[error("limit exceeded at offset {offset}: {reason}")]
    Limit {
        /// Byte offset in the tar stream.
        offset: u64,
        /// Which limit.
        reason: String,
    },
}

/// Bounds on what one archive may make the reader do.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest GNU long name/link or PAX extended header, in bytes.
    pub max_metadata: u64,
    /// Longest path or link target accepted, in bytes.
    pub max_path_len: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_metadata: 1 << 20,
            max_path_len: 4096,
        }
    }
}

/// The type of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// A regular file (types `0`, `\0`, `7`).
    Regular,
    /// A hard link to an earlier path (type `1`).
    HardLink,
    /// A symbolic link (type `2`).
    Symlink,
    /// A character device (type `3`).
    CharDevice,
    /// A block device (type `4`).
    BlockDevice,
    /// A directory (type `5`).
    Directory,
    /// A named pipe (type `6`).
    Fifo,
    /// Anything else (GNU sparse files, volume labels…), with its type byte.
    Other(u8),
}

/// One entry's header, with GNU and PAX extensions applied.
#[derive(Debug, Clone)]
pub struct Header {
    /// The path, as stored (no normalisation).
    pub path: Vec<u8>,
    /// The entry type.
    pub kind: EntryKind,
    /// Permission bits and setuid/setgid/sticky (the low 12 bits of the mode).
    pub mode: u32,
    /// Owner user id.
    pub uid: u64,
    /// Owner group id.
    pub gid: u64,
    /// Size of the entry's data in the stream.
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: i64,
    /// Link target for hard and symbolic links.
    pub link: Option<Vec<u8>>,
    /// Offset of the entry's data in the tar stream.
    pub data_offset: u64,
    /// Offset of the entry's first header block (extensions included).
    pub header_offset: u64,
}

/// A streaming tar reader.
pub struct Reader<R> {
    inner: R,
    limits: Limits,
    /// Bytes consumed from `inner`.
    offset: u64,
    /// Data bytes of the current entry not yet consumed.
    remaining: u64,
    /// Padding after the current entry's data.
    padding: u64,
    done: bool,
    /// PAX global header values that apply to every later entry.
    global: Pax,
    /// How unread data is skipped: read through, or seek when possible.
    skip: fn(&mut R, u64) -> io::Result<u64>,
}

fn skip_by_reading<R: Read>(r: &mut R, n: u64) -> io::Result<u64> {
    io::copy(&mut r.take(n), &mut io::sink())
}

fn skip_by_seeking<R: io::Seek>(r: &mut R, n: u64) -> io::Result<u64> {
    let n_i64 = i64::try_from(n).map_err(|_| io::Error::other("skip too large"))?;
    r.seek(io::SeekFrom::Current(n_i64))?;
    Ok(n)
}

/// A borrowed entry: its header and a reader for its data.
pub struct Entry<'a, R> {
    reader: &'a mut Reader<R>,
    header: Header,
}

impl<R: Read> Entry<'_, R> {
    /// The entry's header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Data bytes not yet read.
    pub fn remaining(&self) -> u64 {
        self.reader.remaining
    }

    /// Stream offset of the next data byte.
    pub fn offset(&self) -> u64 {
        self.reader.offset
    }
}

impl<R: Read> Read for Entry<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let r = &mut *self.reader;
        if r.remaining == 0 || buf.is_empty() {
            return Ok(0);
        }
        let want = buf
            .len()
            .min(usize::try_from(r.remaining).unwrap_or(usize::MAX));
        let Some(buf) = buf.get_mut(..want) else {
            return Ok(0); // `want` is at most `buf.len()`
        };
        let n = r.inner.read(buf)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("archive truncated inside entry data at offset {}", r.offset),
            ));
        }
        r.remaining -= n as u64;
        r.offset += n as u64;
        Ok(n)
    }
}

#[derive(Debug, Default, Clone)]
struct Pax {
    path: Option<Vec<u8>>,
    linkpath: Option<Vec<u8>>,
    size: Option<u64>,
    uid: Option<u64>,
    gid: Option<u64>,
    mtime: Option<i64>,
}

impl<R: Read + io::Seek> Reader<R> {
    /// A reader that skips unread data by seeking (for archives on disk).
    /// Truncation inside skipped data then shows up at the next header.
    pub fn new_seekable(inner: R, limits: Limits) -> Self {
        let mut r = Self::with_limits(inner, limits);
        r.skip = skip_by_seeking::<R>;
        r
    }
}

impl<R: Read> Reader<R> {
    /// A reader with default [`Limits`].
    pub fn new(inner: R) -> Self {
        Self::with_limits(inner, Limits::default())
    }

    /// A reader with the given limits.
    pub fn with_limits(inner: R, limits: Limits) -> Self {
        Self {
            inner,
            limits,
            offset: 0,
            remaining: 0,
            padding: 0,
            done: false,
            global: Pax::default(),
            skip: skip_by_reading::<R>,
        }
    }

    /// Bytes consumed from the underlying reader so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// Gives back the underlying reader, positioned after whatever was read.
    pub fn into_inner(self) -> R {
        self.inner
    }

    /// The next entry, or `None` at the end of the archive. Unread data of
    /// the previous entry is skipped.
    pub fn next_entry(&mut self) -> Result<Option<Entry<'_, R>>, Error> {
        if self.done {
            return Ok(None);
        }
        self.skip_rest()?;
        let mut local = Pax::default();
        let mut long_name: Option<Vec<u8>> = None;
        let mut long_link: Option<Vec<u8>> = None;
        let mut first_offset = None;
        loop {
            let header_offset = self.offset;
            first_offset.get_or_insert(header_offset);
            let mut block = [0u8; BLOCK];
            if !self.read_block(&mut block, "header")? {
                // EOF where a header would start: tolerated as an end.
                self.done = true;
                return Ok(None);
            }
            if block.iter().all(|&b| b == 0) {
                // End-of-archive marker. The second zero block and any
                // record padding are left for the caller to drain.
                self.done = true;
                return Ok(None);
            }
            verify_checksum(&block, header_offset)?;
            let typeflag = block[156];
            let size = parse_number(&block[124..136])
                .ok_or_else(|| bad(header_offset, "invalid size field"))?;
            match typeflag {
                b'x' | b'g' | b'L' | b'K' => {
                    if size > self.limits.max_metadata {
                        return Err(Error::Limit {
                            offset: header_offset,
                            reason: format!(
                                "extended header of {size} bytes (limit {})",
                                self.limits.max_metadata
                            ),
                        });
                    }
                    let data = self.read_meta(size)?;
                    match typeflag {
                        b'x' => parse_pax(&data, &mut local, header_offset)?,
                        b'g' => parse_pax(&data, &mut self.global, header_offset)?,
                        b'L' => long_name = Some(trim_nul(&data).to_vec()),
                        _ => long_link = Some(trim_nul(&data).to_vec()),
                    }
                    continue;
                }
                _ => {}
            }
            let kind = match typeflag {
                b'0' | 0 | b'7' => EntryKind::Regular,
                b'1' => EntryKind::HardLink,
                b'2' => EntryKind::Symlink,
                b'3' => EntryKind::CharDevice,
                b'4' => EntryKind::BlockDevice,
                b'5' => EntryKind::Directory,
                b'6' => EntryKind::Fifo,
                other => EntryKind::Other(other),
            };
            let is_ustar = &block[257..263] == b"ustar\0";
            let path = if let Some(p) = local.path.take().or_else(|| self.global.path.clone()) {
                p
            } else if let Some(p) = long_name.take() {
                p
            } else {
                let name = trim_nul(&block[0..100]);
                let prefix = if is_ustar {
                    trim_nul(&block[345..500])
                } else {
                    &[][..]
                };
                if prefix.is_empty() {
                    name.to_vec()
                } else {
                    let mut p = Vec::with_capacity(prefix.len() + 1 + name.len());
                    p.extend_from_slice(prefix);
                    p.push(b'/');
                    p.extend_from_slice(name);
                    p
                }
            };
            if path.len() > self.limits.max_path_len {
                return Err(Error::Limit {
                    offset: header_offset,
                    reason: format!(
                        "path of {} bytes (limit {})",
                        path.len(),
                        self.limits.max_path_len
                    ),
                });
            }
            let link = match kind {
                EntryKind::HardLink | EntryKind::Symlink => {
                    let l = local
                        .linkpath
                        .take()
                        .or_else(|| self.global.linkpath.clone())
                        .or(long_link.take())
                        .unwrap_or_else(|| trim_nul(&block[157..257]).to_vec());
                    if l.len() > self.limits.max_path_len {
                        return Err(Error::Limit {
                            offset: header_offset,
                            reason: format!(
                                "link target of {} bytes (limit {})",
                                l.len(),
                                self.limits.max_path_len
                            ),
                        });
                    }
                    Some(l)
                }
                _ => None,
            };
            let mode = parse_number(&block[100..108])
                .ok_or_else(|| bad(header_offset, "invalid mode field"))?;
            let uid = local.uid.or(self.global.uid).map_or_else(
                || parse_number(&block[108..116]).ok_or_else(|| bad(header_offset, "invalid uid")),
                Ok,
            )?;
            let gid = local.gid.or(self.global.gid).map_or_else(
                || parse_number(&block[116..124]).ok_or_else(|| bad(header_offset, "invalid gid")),
                Ok,
            )?;
            let mtime = match local.mtime.or(self.global.mtime) {
                Some(t) => t,
                None => parse_number(&block[136..148])
                    .and_then(|t| i64::try_from(t).ok())
                    .unwrap_or(0),
            };
            let size = local.size.or(self.global.size).unwrap_or(size);
            // Hard links, symlinks, directories and devices carry no data
            // whatever their size field says (GNU tar writes 0; some writers
            // do not). Regular files and unknown types do.
            let data_size = match kind {
                EntryKind::Regular | EntryKind::Other(_) => size,
                _ => 0,
            };
            self.remaining = data_size;
            self.padding = (BLOCK as u64 - data_size % BLOCK as u64) % BLOCK as u64;
            let header = Header {
                path,
                kind,
                mode: (mode & 0o7777) as u32,
                uid,
                gid,
                size: data_size,
                mtime,
                link,
                data_offset: self.offset,
                header_offset: first_offset.unwrap_or(header_offset),
            };
            return Ok(Some(Entry {
                reader: self,
                header,
            }));
        }
    }

    /// Skips what is left of the current entry's data and padding.
    fn skip_rest(&mut self) -> Result<(), Error> {
        let n = self.remaining + self.padding;
        if n > 0 {
            let copied = (self.skip)(&mut self.inner, n).map_err(|e| Error::Io {
                offset: self.offset,
                source: e,
            })?;
            self.offset += copied;
            if copied < n {
                return Err(Error::Truncated {
                    offset: self.offset,
                    context: "entry data",
                });
            }
            self.remaining = 0;
            self.padding = 0;
        }
        Ok(())
    }

    /// Reads one block; `Ok(false)` on a clean EOF before any byte.
    fn read_block(
        &mut self,
        block: &mut [u8; BLOCK],
        context: &'static str,
    ) -> Result<bool, Error> {
        let mut filled = 0;
        while filled < BLOCK {
            let Some(rest) = block.get_mut(filled..) else {
                break; // `filled` stays below `BLOCK`
            };
            match self.inner.read(rest) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(Error::Io {
                        offset: self.offset + filled as u64,
                        source: e,
                    });
                }
            }
        }
        self.offset += filled as u64;
        match filled {
            0 => Ok(false),
            BLOCK => Ok(true),
            _ => Err(Error::Truncated {
                offset: self.offset,
                context,
            }),
        }
    }

    /// Reads an extension's data (already bounded by the caller) and its padding.
    fn read_meta(&mut self, size: u64) -> Result<Vec<u8>, Error> {
        let len =
            usize::try_from(size).map_err(|_| bad(self.offset, "extended header too large"))?;
        let mut data = vec![0u8; len];
        self.inner
            .read_exact(&mut data)
            .map_err(|e| match e.kind() {
                io::ErrorKind::UnexpectedEof => Error::Truncated {
                    offset: self.offset,
                    context: "extended header",
                },
                _ => Error::Io {
                    offset: self.offset,
                    source: e,
                },
            })?;
        self.offset += size;
        self.remaining = 0;
        self.padding = (BLOCK as u64 - size % BLOCK as u64) % BLOCK as u64;
        self.skip_rest()?;
        Ok(data)
    }
}

fn bad(offset: u64, reason: &str) -> Error {
    Error::BadHeader {
        offset,
        reason: reason.to_owned(),
    }
}

fn trim_nul(b: &[u8]) -> &[u8] {
    b.split(|&c| c == 0).next().unwrap_or(b)
}

/// The header checksum: the sum of all bytes with the checksum field read as
/// spaces. Old writers summed signed bytes; both forms are accepted.
fn verify_checksum(block: &[u8; BLOCK], offset: u64) -> Result<(), Error> {
    let stored =
        parse_octal(&block[148..156]).ok_or_else(|| bad(offset, "invalid checksum field"))?;
    // Sum everything (the compiler vectorises this), then count the
    // checksum field as eight spaces.
    let field: u64 = block[148..156].iter().map(|&b| u64::from(b)).sum();
    let all: u64 = block.iter().map(|&b| u64::from(b)).sum();
    let unsigned = all - field + 8 * u64::from(b' ');
    if stored == unsigned {
        return Ok(());
    }
    let field_s: i64 = block[148..156].iter().map(|&b| i64::from(b as i8)).sum();
    let all_s: i64 = block.iter().map(|&b| i64::from(b as i8)).sum();
    let signed = all_s - field_s + 8 * i64::from(b' ');
    if i64::try_from(stored).is_ok_and(|s| s == signed) {
        Ok(())
    } else {
        Err(bad(
            offset,
            "header checksum mismatch (not a tar archive, or corrupt)",
        ))
    }
}

/// A numeric field: octal text, or GNU base-256 when the high bit is set.
fn parse_number(field: &[u8]) -> Option<u64> {
    if let Some((&first, rest)) = field.split_first()
        && first & 0x80 != 0
    {
        if first & 0x40 != 0 {
            return None; // negative
        }
        let mut v: u64 = u64::from(first & 0x3f);
        for &b in rest {
            v = v.checked_mul(256)?.checked_add(u64::from(b))?;
        }
        Some(v)
    } else {
        parse_octal(field)
    }
}

fn parse_octal(field: &[u8]) -> Option<u64> {
    let s = field
        .iter()
        .skip_while(|&&b| b == b' ' || b == 0)
        .take_while(|&&b| b != b' ' && b != 0);
    let mut v: u64 = 0;
    let mut any = false;
    for &b in s {
        if !(b'0'..=b'7').contains(&b) {
            return None;
        }
        v = v.checked_mul(8)?.checked_add(u64::from(b - b'0'))?;
        any = true;
    }
    // An all-blank field means zero (seen in mtime of some writers).
    let _ = any;
    Some(v)
}

/// Parses PAX records `"<len> <key>=<value>\n"` into `pax`.
fn parse_pax(data: &[u8], pax: &mut Pax, offset: u64) -> Result<(), Error> {
    let mut rest = data;
    while !rest.is_empty() {
        if rest.iter().all(|&b| b == 0) {
            break;
        }
        let sp = rest
            .iter()
            .position(|&b| b == b' ')
            .ok_or_else(|| bad(offset, "PAX record without length"))?;
        let len: usize = rest
            .get(..sp)
            .and_then(|n| std::str::from_utf8(n).ok())
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(offset, "PAX record length is not a number"))?;
        if len <= sp + 1 {
            return Err(bad(offset, "PAX record length out of range"));
        }
        let (Some(record), Some(after)) = (rest.get(sp + 1..len), rest.get(len..)) else {
            return Err(bad(offset, "PAX record length out of range"));
        };
        let record = record.strip_suffix(b"\n").unwrap_or(record);
        rest = after;
        let mut kv = record.splitn(2, |&b| b == b'=');
        let (Some(key), Some(value)) = (kv.next(), kv.next()) else {
            return Err(bad(offset, "PAX record without '='"));
        };
        let num = |v: &[u8]| -> Option<u64> {
            std::str::from_utf8(v).ok()?.split('.').next()?.parse().ok()
        };
        match key {
            b"path" => pax.path = Some(value.to_vec()),
            b"linkpath" => pax.linkpath = Some(value.to_vec()),
            b"size" => {
                pax.size = Some(num(value).ok_or_else(|| bad(offset, "invalid PAX size"))?);
            }
            b"uid" => pax.uid = num(value),
            b"gid" => pax.gid = num(value),
            b"mtime" => {
                pax.mtime = std::str::from_utf8(value)
                    .ok()
                    .and_then(|s| s.split('.').next()?.parse().ok());
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
