//! A small deterministic tar writer for the archives `copy` produces.
//! Entries carry zero times and owners and fixed modes, so the same image
//! always packs to the same bytes. Names longer than ustar's 100 bytes get
//! a PAX `path` record and sizes beyond its 8 GiB a base-256 field, both of
//! which Go's archive/tar (skopeo, docker) and GNU tar read.

use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::error::{Error, Result};

const BLOCK: usize = 512;
/// Largest size the 11 octal digits of a ustar size field hold.
const MAX_OCTAL_SIZE: u64 = 0o77_777_777_777;

/// Writes tar entries to a seekable output.
pub(crate) struct TarWriter<W> {
    out: W,
}

impl<W: Write + Seek> TarWriter<W> {
    pub(crate) fn new(out: W) -> Self {
        Self { out }
    }

    /// A directory entry (`name` without the trailing slash).
    pub(crate) fn dir(&mut self, name: &str) -> io::Result<()> {
        let name = format!("{}/", name.trim_end_matches('/'));
        self.header(&name, b'5', 0o755, 0)
    }

    /// A regular file of exactly `size` bytes read from `data`.
    pub(crate) fn file(&mut self, name: &str, size: u64, data: &mut dyn Read) -> io::Result<()> {
        self.header(name, b'0', 0o644, size)?;
        let n = io::copy(&mut data.take(size), &mut self.out)?;
        if n != size {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{name}: {n} bytes where {size} were expected"),
            ));
        }
        self.pad(size)
    }

    /// A regular file whose size is known only once `data` is exhausted
    /// (a layer being decompressed): the header is written after the data,
    /// in the block reserved for it. Returns the size.
    pub(crate) fn file_streamed(&mut self, name: &str, data: &mut dyn Read) -> io::Result<u64> {
        if name.len() > 100 {
            return Err(io::Error::other(format!("{name}: name too long")));
        }
        let at = self.out.stream_position()?;
        self.out.write_all(&[0u8; BLOCK])?;
        let size = io::copy(data, &mut self.out)?;
        self.pad(size)?;
        let end = self.out.stream_position()?;
        self.out.seek(SeekFrom::Start(at))?;
        self.out.write_all(&ustar_header(name, b'0', 0o644, size))?;
        self.out.seek(SeekFrom::Start(end))?;
        Ok(size)
    }

    /// Ends the archive (two zero blocks) and gives back the output.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        self.out.write_all(&[0u8; 2 * BLOCK])?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn header(&mut self, name: &str, kind: u8, mode: u32, size: u64) -> io::Result<()> {
        if name.len() > 100 {
            let record = pax_record("path", name);
            self.out.write_all(&ustar_header(
                "PaxHeaders/entry",
                b'x',
                0o644,
                record.len() as u64,
            ))?;
            self.out.write_all(&record)?;
            self.pad(record.len() as u64)?;
        }
        let mut cut = name.len().min(100);
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let shown = &name[..cut];
        self.out.write_all(&ustar_header(shown, kind, mode, size))
    }

    fn pad(&mut self, size: u64) -> io::Result<()> {
        let rem = (size % BLOCK as u64) as usize;
        if rem != 0 {
            self.out.write_all(&[0u8; BLOCK][..BLOCK - rem])?;
        }
        Ok(())
    }
}

/// An archive being written to a temporary file beside `out`.
pub(crate) type Pending = TarWriter<BufWriter<NamedTempFile>>;

/// Starts an archive that [`commit`] will move to `out`, so that a failed
/// copy leaves whatever was at `out` untouched.
pub(crate) fn beside(out: &Path) -> Result<Pending> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(".bosun-archive")
        .tempfile_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    Ok(TarWriter::new(BufWriter::with_capacity(256 << 10, tmp)))
}

/// Ends the archive and puts it at `out`, replacing what was there.
pub(crate) fn commit(w: Pending, out: &Path) -> Result<()> {
    let tmp = w
        .finish()
        .map_err(|e| Error::io(out, e))?
        .into_inner()
        .map_err(|e| Error::io(out, e.into_error()))?;
    tmp.as_file().sync_all().map_err(|e| Error::io(out, e))?;
    tmp.persist(out).map_err(|e| Error::io(out, e.error))?;
    Ok(())
}

/// One PAX record, `"LEN KEY=VALUE\n"`, whose length counts itself.
fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = key.len() + value.len() + 3;
    let mut len = body + 1;
    while len != body + len.to_string().len() {
        len = body + len.to_string().len();
    }
    format!("{len} {key}={value}\n").into_bytes()
}

fn octal(field: &mut [u8], v: u64) {
    let digits = field.len() - 1;
    let s = format!("{v:0digits$o}");
    field[..digits].copy_from_slice(&s.as_bytes()[s.len() - digits..]);
    field[digits] = 0;
}

fn ustar_header(name: &str, kind: u8, mode: u32, size: u64) -> [u8; BLOCK] {
    let mut h = [0u8; BLOCK];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name.as_bytes()[..n]);
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    if size <= MAX_OCTAL_SIZE {
        octal(&mut h[124..136], size);
    } else {
        // Base-256: high bit of the first byte set, the value big-endian.
        h[124] = 0x80;
        h[128..136].copy_from_slice(&size.to_be_bytes());
    }
    octal(&mut h[136..148], 0);
    h[156] = kind;
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    h[148..156].fill(b' ');
    let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
    octal(&mut h[148..155], u64::from(sum));
    h[155] = b' ';
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn read_back(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut r = bosun_tar::Reader::new(bytes);
        let mut out = Vec::new();
        while let Some(mut e) = r.next_entry().unwrap() {
            let name = String::from_utf8(e.header().path.clone()).unwrap();
            let mut data = Vec::new();
            e.read_to_end(&mut data).unwrap();
            out.push((name, data));
        }
        out
    }

    #[test]
    fn entries_read_back() {
        let long = format!("blobs/sha512/{}", "ab".repeat(64));
        let mut w = TarWriter::new(Cursor::new(Vec::new()));
        w.dir("blobs").unwrap();
        w.file("oci-layout", 3, &mut &b"abc"[..]).unwrap();
        w.file(&long, 600, &mut &[7u8; 600][..]).unwrap();
        let n = w.file_streamed("x.tar", &mut &[1u8; 1000][..]).unwrap();
        assert_eq!(n, 1000);
        let bytes = w.finish().unwrap().into_inner();
        assert_eq!(bytes.len() % BLOCK, 0);
        let got = read_back(&bytes);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].0, "blobs/");
        assert_eq!(got[1], ("oci-layout".into(), b"abc".to_vec()));
        assert_eq!(got[2], (long, vec![7u8; 600]));
        assert_eq!(got[3], ("x.tar".into(), vec![1u8; 1000]));
    }

    #[test]
    fn short_data_is_an_error() {
        let mut w = TarWriter::new(Cursor::new(Vec::new()));
        assert!(w.file("a", 10, &mut &b"abc"[..]).is_err());
    }

    #[test]
    fn huge_sizes_are_base_256() {
        let h = ustar_header("big", b'0', 0o644, 1 << 40);
        assert_eq!(h[124], 0x80);
        assert_eq!(&h[128..136], &(1u64 << 40).to_be_bytes());
        let h = ustar_header("small", b'0', 0o644, MAX_OCTAL_SIZE);
        assert_eq!(&h[124..136], b"77777777777\0");
    }

    #[test]
    fn pax_lengths_count_themselves() {
        for v in ["a", &"x".repeat(90), &"x".repeat(95), &"x".repeat(995)] {
            let r = pax_record("path", v);
            let (len, _) = std::str::from_utf8(&r).unwrap().split_once(' ').unwrap();
            assert_eq!(len.parse::<usize>().unwrap(), r.len());
        }
    }
}
