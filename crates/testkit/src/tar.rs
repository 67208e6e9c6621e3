//! A tar writer that does what it is told, including what well-behaved
//! writers refuse (`..` entries, absolute links, duplicate paths): tests need
//! hostile archives as much as ordinary ones.

use std::io::{self, Write};

/// Streams tar entries (ustar, with PAX records for long names) into `W`.
pub struct TarWriter<W: Write> {
    out: W,
    written: u64,
}

/// Type byte of an entry.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// A symbolic link.
    Symlink,
    /// A hard link.
    HardLink,
    /// A character device.
    CharDevice,
    /// A FIFO.
    Fifo,
}

impl Kind {
    fn flag(self) -> u8 {
        match self {
            Kind::File => b'0',
            Kind::HardLink => b'1',
            Kind::Symlink => b'2',
            Kind::CharDevice => b'3',
            Kind::Dir => b'5',
            Kind::Fifo => b'6',
        }
    }
}

impl<W: Write> TarWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W) -> Self {
        Self { out, written: 0 }
    }

    /// A regular file with mode 0644.
    pub fn file(&mut self, path: &str, data: &[u8]) -> io::Result<()> {
        self.entry(path, Kind::File, 0o644, data, None)
    }

    /// A regular file with the given mode.
    pub fn file_mode(&mut self, path: &str, mode: u32, data: &[u8]) -> io::Result<()> {
        self.entry(path, Kind::File, mode, data, None)
    }

    /// A directory with mode 0755.
    pub fn dir(&mut self, path: &str) -> io::Result<()> {
        self.entry(path, Kind::Dir, 0o755, &[], None)
    }

    /// A symbolic link.
    pub fn symlink(&mut self, path: &str, target: &str) -> io::Result<()> {
        self.entry(path, Kind::Symlink, 0o777, &[], Some(target))
    }

    /// A hard link to an earlier path.
    pub fn hardlink(&mut self, path: &str, target: &str) -> io::Result<()> {
        self.entry(path, Kind::HardLink, 0o644, &[], Some(target))
    }

    /// A whiteout for `path` (its parent gets a `.wh.NAME` entry).
    pub fn whiteout(&mut self, path: &str) -> io::Result<()> {
        let (dir, name) = match path.rfind('/') {
            Some(i) => (&path[..=i], &path[i + 1..]),
            None => ("", path),
        };
        self.file(&format!("{dir}.wh.{name}"), b"")
    }

    /// An opaque-directory marker inside `dir`.
    pub fn opaque(&mut self, dir: &str) -> io::Result<()> {
        let dir = dir.trim_end_matches('/');
        self.file(&format!("{dir}/.wh..wh..opq"), b"")
    }

    /// Any entry.
    pub fn entry(
        &mut self,
        path: &str,
        kind: Kind,
        mode: u32,
        data: &[u8],
        link: Option<&str>,
    ) -> io::Result<()> {
        self.entry_owned(path, kind, mode, (0, 0), data, link)
    }

    /// Any entry, with owner.
    pub fn entry_owned(
        &mut self,
        path: &str,
        kind: Kind,
        mode: u32,
        owner: (u64, u64),
        data: &[u8],
        link: Option<&str>,
    ) -> io::Result<()> {
        let long_path = path.len() > 100;
        let long_link = link.is_some_and(|l| l.len() > 100);
        if long_path || long_link {
            let mut records = Vec::new();
            if long_path {
                records.extend(pax_record("path", path));
            }
            if let Some(l) = link.filter(|_| long_link) {
                records.extend(pax_record("linkpath", l));
            }
            let h = header(
                "././@PaxHeader",
                b'x',
                0o644,
                (0, 0),
                records.len() as u64,
                "",
            );
            self.put(&h)?;
            self.put(&records)?;
            self.pad(records.len() as u64)?;
        }
        let name = if long_path {
            &path[..100.min(path.len())]
        } else {
            path
        };
        let name = truncate_utf8(name, 100);
        let link_short = link.map(|l| truncate_utf8(l, 100)).unwrap_or("");
        let h = header(
            name,
            kind.flag(),
            mode,
            owner,
            data.len() as u64,
            link_short,
        );
        self.put(&h)?;
        self.put(data)?;
        self.pad(data.len() as u64)
    }

    /// Writes raw bytes (for hand-made broken headers).
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.put(bytes)
    }

    /// Writes the end-of-archive marker and gives back the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.put(&[0u8; 1024])?;
        Ok(self.out)
    }

    fn put(&mut self, b: &[u8]) -> io::Result<()> {
        self.written += b.len() as u64;
        self.out.write_all(b)
    }

    fn pad(&mut self, len: u64) -> io::Result<()> {
        let pad = (512 - len % 512) % 512;
        let zeros = [0u8; 512];
        self.put(&zeros[..pad as usize])
    }
}

fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn pax_record(key: &str, value: &str) -> Vec<u8> {
    // The length field counts itself, so find the fixed point.
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}").into_bytes()
}

/// A ustar header block with a valid checksum.
pub fn header(
    path: &str,
    flag: u8,
    mode: u32,
    owner: (u64, u64),
    size: u64,
    link: &str,
) -> [u8; 512] {
    let mut h = [0u8; 512];
    let p = path.as_bytes();
    h[..p.len().min(100)].copy_from_slice(&p[..p.len().min(100)]);
    octal(&mut h[100..108], u64::from(mode));
    octal(&mut h[108..116], owner.0);
    octal(&mut h[116..124], owner.1);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], 1_700_000_000);
    h[156] = flag;
    let l = link.as_bytes();
    h[157..157 + l.len().min(100)].copy_from_slice(&l[..l.len().min(100)]);
    h[257..263].copy_from_slice(b"ustar\0");
    h[263..265].copy_from_slice(b"00");
    set_checksum(&mut h);
    h
}

/// Recomputes a header's checksum after hand edits.
pub fn set_checksum(h: &mut [u8; 512]) {
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
}

fn octal(field: &mut [u8], v: u64) {
    let width = field.len() - 1;
    let s = format!("{v:0width$o}");
    let s = s.as_bytes();
    let s = &s[s.len().saturating_sub(width)..];
    field[..s.len()].copy_from_slice(s);
    field[width] = 0;
}

/// One change a layer makes, for tests that generate stacks of layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// A regular file of this many bytes.
    File(String, usize),
    /// A directory.
    Dir(String),
    /// A whiteout of the path.
    Whiteout(String),
    /// The directory made opaque.
    Opaque(String),
}

impl Change {
    /// The path the change is about.
    pub fn path(&self) -> &str {
        match self {
            Change::File(p, _) | Change::Dir(p) | Change::Whiteout(p) | Change::Opaque(p) => p,
        }
    }
}

/// A layer's tar holding `changes` in order (file contents are `x`s).
pub fn changes_tar(changes: &[Change]) -> Vec<u8> {
    let mut t = TarWriter::new(Vec::new());
    for c in changes {
        match c {
            Change::File(p, size) => t.file(p, &vec![b'x'; *size]),
            Change::Dir(p) => t.dir(p),
            Change::Whiteout(p) => t.whiteout(p),
            Change::Opaque(p) => t.opaque(p),
        }
        .unwrap();
    }
    t.finish().unwrap()
}
