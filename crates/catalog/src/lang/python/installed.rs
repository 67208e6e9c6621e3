//! Installed Python distributions: the core metadata of `*.dist-info/METADATA`,
//! `*.egg-info/PKG-INFO` (or a single-file `*.egg-info`) and
//! `*.egg/EGG-INFO/PKG-INFO`, or `EGG-INFO/PKG-INFO` inside a zipped `.egg`
//! file (read through the zip directory, one bounded entry), with file
//! ownership from the `RECORD` beside it.

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{PYPI, text};
use crate::package::Package;

/// The installed-distribution cataloger.
#[derive(Debug, Clone, Copy, Default)]
pub struct Installed;

const METADATA: [&str; 4] = [
    "**/*.dist-info/METADATA",
    "**/*.egg-info/PKG-INFO",
    "**/*.egg/EGG-INFO/PKG-INFO",
    "**/*.egg-info",
];
const RECORD: &str = "**/*.dist-info/RECORD";
const INSTALLED_FILES: &str = "**/*.egg-info/installed-files.txt";
const EGG: &str = "**/*.egg";
/// Request index of [`EGG`].
const EGG_REQUEST: usize = METADATA.len() + 2;
/// Largest PKG-INFO read from a zipped egg.
const MAX_EGG_INFO: u64 = 1 << 20;

/// The PKG-INFO of a zipped `.egg`.
pub fn parse_egg(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let bad = |e: &dyn std::fmt::Display| crate::Error::malformed(path, e.to_string());
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let entry = zip.by_name("EGG-INFO/PKG-INFO").map_err(|e| bad(&e))?;
    let mut info = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(entry, MAX_EGG_INFO), &mut info)
        .map_err(|e| bad(&e))?;
    parse_metadata(path, &info)
}

/// Name, version and licenses from core metadata (RFC 822 headers; the
/// body after the first blank line is the description and is ignored).
pub fn parse_metadata(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let text = text(path, bytes)?;
    let (mut name, mut version) = (None, None);
    let mut license = None;
    let mut expression = None;
    let mut classifiers = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k.to_ascii_lowercase().as_str() {
            "name" => name = Some(v),
            "version" => version = Some(v),
            "license" => license = Some(v),
            "license-expression" => expression = Some(v),
            "classifier" => {
                if let Some(l) = v.strip_prefix("License :: ") {
                    classifiers.push(l.rsplit(" :: ").next().unwrap_or(l).to_owned());
                }
            }
            _ => {}
        }
    }
    let (Some(name), Some(version)) = (name, version) else {
        return Err(crate::Error::malformed(path, "no Name or Version header"));
    };
    if name.is_empty() || version.is_empty() {
        return Err(crate::Error::malformed(path, "empty Name or Version"));
    }
    let mut p = PYPI.package(name, version, "python-installed");
    if let Some(e) = expression.filter(|e| !e.is_empty()) {
        p.licenses.push(e.to_owned());
    } else if let Some(l) = license.filter(|l| !l.is_empty() && *l != "UNKNOWN" && l.len() < 100) {
        p.licenses.push(l.to_owned());
    } else {
        p.licenses = classifiers;
    }
    Ok(vec![p])
}

/// Absolute paths of the files a `RECORD` (CSV: path, hash, size) lists,
/// relative to `site` (the directory holding the `.dist-info`).
pub fn parse_record(site: &str, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let path = if let Some(rest) = line.strip_prefix('"') {
            // A quoted path (it holds a comma); "" escapes a quote.
            match rest.find("\",") {
                Some(i) => rest[..i].replace("\"\"", "\""),
                None => continue,
            }
        } else {
            match line.split(',').next() {
                Some(p) if !p.is_empty() => p.to_owned(),
                _ => continue,
            }
        };
        if let Some(p) = join(site, &path) {
            out.push(p);
        }
    }
    out.sort();
    out.dedup();
    out
}

/// `rel` resolved against the directory `base` (no leading slash), `..`
/// kept inside the root; `None` when it climbs above it.
fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

impl Cataloger for Installed {
    fn name(&self) -> &'static str {
        "python-installed"
    }

    fn requests(&self) -> Vec<FileRequest> {
        METADATA
            .iter()
            .chain([&RECORD, &INSTALLED_FILES, &EGG])
            .map(|g| FileRequest::glob(g).max_size(16 << 20))
            .collect()
    }

    fn is_database(&self, file: &DbFile) -> bool {
        file.requests
            .iter()
            .any(|&r| r < METADATA.len() || r == EGG_REQUEST)
    }

    fn parse(&self, db: &DbFile, _input: &Input<'_>) -> Result<Vec<Package>> {
        let path = format!("/{}", db.path);
        if db.requests.contains(&EGG_REQUEST) {
            return parse_egg(&path, &db.bytes()?);
        }
        parse_metadata(&path, &db.bytes()?)
    }

    fn enrich(&self, packages: &mut [Package], input: &Input<'_>) {
        for p in packages {
            let Some(loc) = p.locations.first() else {
                continue;
            };
            let meta = loc.path.trim_start_matches('/');
            let Some((dir, _)) = meta.rsplit_once('/') else {
                continue;
            };
            let site = dir.rsplit_once('/').map_or("", |(s, _)| s);
            if let Some(rec) = input.visible(&format!("{dir}/RECORD")) {
                if let Ok(b) = rec.bytes() {
                    p.files = parse_record(site, &String::from_utf8_lossy(&b));
                }
            } else if let Some(list) = input.visible(&format!("{dir}/installed-files.txt")) {
                // Paths relative to the .egg-info directory itself.
                if let Ok(b) = list.bytes() {
                    let mut files: Vec<String> = String::from_utf8_lossy(&b)
                        .lines()
                        .filter(|l| !l.is_empty())
                        .filter_map(|l| join(dir, l))
                        .collect();
                    files.sort();
                    files.dedup();
                    p.files = files;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata() {
        let m = b"Metadata-Version: 2.1\nName: Pygments\nVersion: 2.6.1\nLicense: BSD License\nClassifier: License :: OSI Approved :: BSD License\n\nName: not-this\n";
        let p = parse_metadata("/x/METADATA", m).unwrap();
        assert_eq!(
            (p[0].name.as_str(), p[0].version.as_str()),
            ("Pygments", "2.6.1")
        );
        assert_eq!(p[0].purl, "pkg:pypi/pygments@2.6.1");
        assert_eq!(p[0].licenses, ["BSD License"]);
        assert!(parse_metadata("/x", b"Name: a\n").is_err());
        assert!(parse_metadata("/x", b"\xff\xfe").is_err());
    }

    #[test]
    fn zipped_egg() {
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut w = zip::ZipWriter::new(&mut buf);
        w.start_file(
            "EGG-INFO/PKG-INFO",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        std::io::Write::write_all(&mut w, b"Name: six\nVersion: 1.16.0\n").unwrap();
        w.finish().unwrap();
        let p = parse_egg("/six.egg", buf.get_ref()).unwrap();
        assert_eq!(p[0].purl, "pkg:pypi/six@1.16.0");
        assert!(parse_egg("/x.egg", b"PK\x03\x04junk").is_err());
    }

    #[test]
    fn record() {
        let r = "requests/__init__.py,sha256=x,100\n\"odd,name.py\",,\n../../../bin/req,,\nrequests-2.0.dist-info/RECORD,,\n../../../../../../../etc/x,,\n";
        assert_eq!(
            parse_record("usr/lib/python3/site-packages", r),
            [
                "/usr/bin/req",
                "/usr/lib/python3/site-packages/odd,name.py",
                "/usr/lib/python3/site-packages/requests-2.0.dist-info/RECORD",
                "/usr/lib/python3/site-packages/requests/__init__.py",
            ]
        );
    }
}
