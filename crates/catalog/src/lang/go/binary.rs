//! Go module build information embedded in executables (ELF, Mach-O, PE):
//! the main module, its dependencies (with `=>` replacements applied) and
//! the toolchain, reported as the `stdlib` package.
//!
//! The walk keeps only the build information: the extractor finds the
//! `\xff Go buildinf:` header through the section table (the
//! `.go.buildinfo`/`__go_buildinfo` section, or the start of the data
//! segment as Go's own `debug/buildinfo` does) and returns
//! `version NUL modinfo`. Go 1.18+ stores both strings inline,
//! varint-prefixed; older toolchains store pointers to Go string headers,
//! resolved through the segment table.

use std::sync::{Arc, OnceLock};

use bosun_layers::{Content, Extractor, FileRequest};

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::{Error, Result};
use crate::lang::exe::{Image, with_images};
use crate::package::Package;
use crate::purl;

const MAGIC: &[u8] = b"\xff Go buildinf:";
const HEADER: usize = 32;
const ALIGN: usize = 16;
/// Bytes of the data segment searched for the header, as Go does.
const SEARCH: u64 = 64 << 10;
/// Longest version or modinfo string accepted.
const MAX_STRING: u64 = 4 << 20;

/// Go executables' embedded module information.
#[derive(Debug, Default)]
pub struct GoBinary;

/// The extractor: `version NUL modinfo` of a Go executable, or nothing.
pub fn extractor() -> Extractor {
    static X: OnceLock<Extractor> = OnceLock::new();
    X.get_or_init(|| Arc::new(|c: &Content| with_images(c, buildinfo)))
        .clone()
}

impl Cataloger for GoBinary {
    fn name(&self) -> &'static str {
        "go-binary"
    }

    fn requests(&self) -> Vec<FileRequest> {
        crate::lang::exe::requests(&extractor())
    }

    fn is_database(&self, _: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, _: &Input<'_>) -> Result<Vec<Package>> {
        decode(&db.bytes()?, self.name())
            .ok_or_else(|| Error::malformed(&format!("/{}", db.path), "no Go build information"))
    }
}

/// Packages of the extractor's output (`version NUL modinfo`).
pub fn decode(raw: &[u8], cataloger: &str) -> Option<Vec<Package>> {
    let nul = raw.iter().position(|&b| b == 0)?;
    let version = std::str::from_utf8(&raw[..nul]).ok()?;
    let modinfo = std::str::from_utf8(&raw[nul + 1..]).ok()?;
    Some(packages(version, modinfo, cataloger))
}

/// Finds and decodes the build information of one image.
fn buildinfo(img: &Image<'_>) -> Option<Vec<u8>> {
    let start = img
        .section(&[".go.buildinfo", "__go_buildinfo"])
        .or_else(|| img.data_start())?;
    let window = img.read(start.offset, start.size.min(SEARCH))?;
    let at = find_header(window)?;
    let header = &window[at..at + HEADER];
    let ptr_size = usize::from(header[14]);
    let flags = header[15];
    let (version, modinfo) = if flags & 2 != 0 {
        // Inline strings follow the header; read past the search window.
        let rest = img.read(
            start.offset.checked_add((at + HEADER) as u64)?,
            2 * MAX_STRING,
        )?;
        let (v, rest) = varint_string(rest)?;
        let (m, _) = varint_string(rest)?;
        (v.to_vec(), m.to_vec())
    } else {
        let big = flags & 1 != 0;
        if ptr_size != 4 && ptr_size != 8 {
            return None;
        }
        let ptr = |b: &[u8]| read_uint(b, ptr_size, big);
        let v_ptr = ptr(header.get(16..16 + ptr_size)?)?;
        let m_ptr = ptr(header.get(16 + ptr_size..16 + 2 * ptr_size)?)?;
        let string = |addr: u64| -> Option<Vec<u8>> {
            let hdr = img.read_at_address(addr, 2 * ptr_size as u64)?;
            let data = ptr(&hdr[..ptr_size])?;
            let len = ptr(&hdr[ptr_size..])?;
            if len == 0 {
                return Some(Vec::new());
            }
            if len > MAX_STRING {
                return None;
            }
            img.read_at_address(data, len).map(<[u8]>::to_vec)
        };
        (string(v_ptr)?, string(m_ptr)?)
    };
    let mut out = version;
    out.push(0);
    out.extend_from_slice(strip_sentinels(&modinfo));
    Some(out)
}

/// The first 16-byte aligned header in `data`.
fn find_header(data: &[u8]) -> Option<usize> {
    let mut from = 0;
    while from < data.len() {
        let i = from + memchr_magic(&data[from..])?;
        if data.len() - i < HEADER {
            return None;
        }
        if i % ALIGN == 0 {
            return Some(i);
        }
        from = (i + ALIGN - 1) & !(ALIGN - 1);
    }
    None
}

fn memchr_magic(h: &[u8]) -> Option<usize> {
    h.windows(MAGIC.len()).position(|w| w == MAGIC)
}

fn read_uint(b: &[u8], size: usize, big: bool) -> Option<u64> {
    let b = b.get(..size)?;
    let mut v = 0u64;
    for i in 0..size {
        let byte = if big { b[i] } else { b[size - 1 - i] };
        v = (v << 8) | u64::from(byte);
    }
    Some(v)
}

/// A uvarint-prefixed string and what follows it.
fn varint_string(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut len = 0u64;
    let mut shift = 0;
    let mut i = 0;
    loop {
        let byte = *b.get(i)?;
        i += 1;
        len |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    if len > MAX_STRING {
        return None;
    }
    let end = i.checked_add(usize::try_from(len).ok()?)?;
    Some((b.get(i..end)?, &b[end..]))
}

/// Module information is framed by 16-byte sentinels the linker adds.
fn strip_sentinels(m: &[u8]) -> &[u8] {
    if m.len() >= 33 && m[m.len() - 17] == b'\n' {
        &m[16..m.len() - 16]
    } else {
        m
    }
}

/// Packages of decoded build information: the toolchain version and the
/// module information text.
pub fn packages(version: &str, modinfo: &str, cataloger: &str) -> Vec<Package> {
    let mut out: Vec<Package> = Vec::new();
    let mut settings: Vec<(&str, &str)> = Vec::new();
    let mut main: Option<(String, String)> = None;
    for line in modinfo.lines() {
        let mut f = line.split('\t');
        match f.next() {
            Some("mod") => {
                let path = f.next().unwrap_or_default();
                let v = f.next().unwrap_or_default();
                main = Some((path.to_owned(), v.to_owned()));
            }
            Some("dep") => {
                let path = f.next().unwrap_or_default();
                let v = f.next().unwrap_or_default();
                let h = f.next().unwrap_or_default();
                out.push(module(path, v, h, cataloger));
            }
            Some("=>") => {
                let path = f.next().unwrap_or_default();
                let v = f.next().unwrap_or_default();
                let h = f.next().unwrap_or_default();
                if let Some(last) = out.last_mut() {
                    let original = std::mem::replace(last, module(path, v, h, cataloger));
                    last.properties.insert(
                        "go:replaced".into(),
                        format!("{}@{}", original.name, original.version),
                    );
                } else if let Some((p, ver)) = &mut main {
                    *p = path.to_owned();
                    *ver = v.to_owned();
                }
            }
            Some("build") => {
                if let Some((k, v)) = f.next().and_then(|kv| kv.split_once('=')) {
                    settings.push((k, v));
                }
            }
            _ => {}
        }
    }
    if let Some((path, v)) = main
        && !path.is_empty()
    {
        let v = main_version(&v, &settings);
        let mut p = module(&path, &v, "", cataloger);
        p.properties.insert("go:main".into(), "true".into());
        out.insert(0, p);
    }
    if let Some(v) = version.strip_prefix("go") {
        // Toolchain strings may carry experiments: "go1.22.1 X:nocoverageredesign".
        let v = v.split_whitespace().next().unwrap_or_default();
        if !v.is_empty() {
            let mut p = Package::new("golang", "stdlib", &format!("go{v}"), cataloger);
            p.ecosystem = Some("Go".into());
            p.purl = purl::build("golang", None, "stdlib", v, &[]);
            out.push(p);
        }
    }
    for p in &mut out {
        for (k, v) in &settings {
            if matches!(*k, "GOOS" | "GOARCH") {
                p.properties.insert(format!("go:{k}"), (*v).to_owned());
            }
        }
    }
    out
}

/// The main module's version: `(devel)` is replaced, as syft does, by a
/// version set at link time (`-ldflags "-X main.version=v1.2.3"`, any
/// `…version`/`…Version` variable), else by a pseudo-version built from the
/// VCS revision and time when recorded.
fn main_version(v: &str, settings: &[(&str, &str)]) -> String {
    if v != "(devel)" {
        return v.to_owned();
    }
    let get = |k: &str| settings.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
    if let Some(flags) = get("-ldflags")
        && let Some(found) = ldflags_version(flags)
    {
        return found;
    }
    if let (Some(rev), Some(time)) = (get("vcs.revision"), get("vcs.time")) {
        let stamp: String = time.chars().filter(char::is_ascii_digit).take(14).collect();
        if stamp.len() == 14 && rev.len() >= 12 && rev.is_char_boundary(12) {
            return format!("v0.0.0-{stamp}-{}", &rev[..12]);
        }
    }
    v.to_owned()
}

/// The value of the first `-X pkg.version=VALUE` (or `-X=pkg.Version=…`)
/// in link flags, when it looks like a version (starts with a digit or `v`
/// and a digit).
fn ldflags_version(flags: &str) -> Option<String> {
    let words: Vec<&str> = flags
        .split(|c: char| c.is_whitespace() || c == '\'' || c == '"')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let assign = match *w {
            "-X" | "--X" => words.get(i + 1).copied(),
            _ => w.strip_prefix("-X=").or_else(|| w.strip_prefix("--X=")),
        };
        let Some((key, value)) = assign.and_then(|a| a.split_once('=')) else {
            continue;
        };
        let var = key.rsplit('.').next().unwrap_or(key);
        let digits = value.strip_prefix('v').unwrap_or(value);
        if var.eq_ignore_ascii_case("version") && digits.starts_with(|c: char| c.is_ascii_digit()) {
            return Some(value.to_owned());
        }
    }
    None
}

/// A Go module package.
pub(crate) fn module(path: &str, version: &str, h1: &str, cataloger: &str) -> Package {
    let mut p = Package::new("golang", path, version, cataloger);
    p.ecosystem = Some("Go".into());
    let (ns, name) = match path.rsplit_once('/') {
        Some((ns, n)) => (Some(ns), n),
        None => (None, path),
    };
    p.purl = purl::build("golang", ns, name, version, &[]);
    if !h1.is_empty() {
        p.properties.insert("go:h1".into(), h1.to_owned());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modinfo() {
        let m = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgithub.com/a/b\tv1.2.3\th1:x=\ndep\tgolang.org/x/net\tv0.1.0\th1:y=\n=>\tgithub.com/fork/net\tv0.2.0\th1:z=\nbuild\tGOOS=linux\nbuild\tvcs.revision=0123456789abcdef\nbuild\tvcs.time=2024-01-02T03:04:05Z\n";
        let p = packages("go1.21.3", m, "go-binary");
        let got: Vec<(&str, &str, &str)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.purl.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "example.com/app",
                    "v0.0.0-20240102030405-0123456789ab",
                    "pkg:golang/example.com/app@v0.0.0-20240102030405-0123456789ab"
                ),
                (
                    "github.com/a/b",
                    "v1.2.3",
                    "pkg:golang/github.com/a/b@v1.2.3"
                ),
                (
                    "github.com/fork/net",
                    "v0.2.0",
                    "pkg:golang/github.com/fork/net@v0.2.0"
                ),
                ("stdlib", "go1.21.3", "pkg:golang/stdlib@1.21.3"),
            ]
        );
        assert_eq!(p[2].properties["go:replaced"], "golang.org/x/net@v0.1.0");
    }

    #[test]
    fn link_time_versions() {
        let s = [(
            "-ldflags",
            "-s -w -X main.version=v1.0.0 -X main.commit=abc",
        )];
        assert_eq!(main_version("(devel)", &s), "v1.0.0");
        let s = [("-ldflags", "\"-X github.com/x/y/cmd.Version=2.3.4\"")];
        assert_eq!(main_version("(devel)", &s), "2.3.4");
        let s = [("-ldflags", "-X main.version=dev")];
        assert_eq!(main_version("(devel)", &s), "(devel)");
        assert_eq!(main_version("v1.2.0", &s), "v1.2.0");
    }

    #[test]
    fn header_search_and_varints() {
        let mut d = vec![0u8; 40];
        d.extend_from_slice(MAGIC);
        d.resize(64, 0);
        d.extend_from_slice(MAGIC);
        d.resize(64 + HEADER, 0);
        assert_eq!(find_header(&d), Some(64));
        assert_eq!(find_header(&d[..70]), None);
        assert_eq!(varint_string(b"\x03abcd"), Some((&b"abc"[..], &b"d"[..])));
        assert_eq!(varint_string(b"\x05ab"), None);
        assert_eq!(varint_string(&[0xff; 12]), None);
    }
}
