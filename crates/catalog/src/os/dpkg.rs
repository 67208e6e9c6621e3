//! dpkg: `var/lib/dpkg/status` (one paragraph per package) and the
//! distroless `status.d/*` (one file per package); installed packages
//! only. Owned files come from `info/<pkg>[:<arch>].list` (directories
//! dropped) and `.md5sums`; licenses from machine-readable
//! `usr/share/doc/<pkg>/copyright`.

use std::collections::{BTreeSet, HashSet};

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::Result;
use crate::package::{Package, SourcePackage};

const STATUS: usize = 0;
const STATUS_D: usize = 1;

/// Files in `status.d/` that are not package records.
const AUX_SUFFIXES: &[&str] = &[
    ".md5sums",
    ".list",
    ".conffiles",
    ".preinst",
    ".postinst",
    ".prerm",
    ".postrm",
    ".triggers",
    ".shlibs",
    ".symbols",
    ".templates",
    ".config",
];

/// The dpkg cataloger.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dpkg;

/// One paragraph of a control file: fields in order, continuation lines
/// joined with newlines.
pub fn paragraphs(text: &str) -> Vec<Vec<(&str, String)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(&str, String)> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = cur.last_mut() {
                v.push('\n');
                v.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            cur.push((k.trim(), v.trim().to_owned()));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn field<'a>(p: &'a [(&str, String)], name: &str) -> Option<&'a str> {
    p.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Parses a status file's text into installed packages (identity fields
/// only; PURLs are added by the cataloger).
pub fn parse_status(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    for p in paragraphs(text) {
        let (Some(name), Some(version)) = (field(&p, "Package"), field(&p, "Version")) else {
            continue;
        };
        if name.is_empty() || version.is_empty() {
            continue;
        }
        // Status is "want flag state"; only "installed" is on disk.
        if let Some(status) = field(&p, "Status")
            && status.split_whitespace().nth(2) != Some("installed")
        {
            continue;
        }
        let mut pkg = Package::new("deb", name, version, "dpkg");
        pkg.arch = field(&p, "Architecture")
            .filter(|a| !a.is_empty())
            .map(ToOwned::to_owned);
        if let Some(src) = field(&p, "Source").filter(|s| !s.is_empty()) {
            let (sname, sver) = match src.split_once('(') {
                Some((n, v)) => (n.trim(), Some(v.trim_end_matches(')').trim().to_owned())),
                None => (src.trim(), None),
            };
            pkg.source = Some(SourcePackage {
                name: sname.to_owned(),
                version: sver.or_else(|| Some(version.to_owned())),
            });
        }
        out.push(pkg);
    }
    out
}

/// The `License:` values of a machine-readable copyright file.
pub fn copyright_licenses(text: &str) -> Vec<String> {
    let mut set = BTreeSet::new();
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("License:") {
            let v = v.trim();
            if !v.is_empty() {
                set.insert(v.to_owned());
            }
        }
    }
    set.into_iter().collect()
}

/// Paths of a `.list` (directories dropped) or `.md5sums` file.
fn owned_files(list: Option<&str>, md5sums: Option<&str>, out: &mut BTreeSet<String>) {
    if let Some(list) = list {
        let entries: Vec<&str> = list
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('/') && *l != "/.")
            .collect();
        let mut parents: HashSet<&str> = HashSet::new();
        for e in &entries {
            let mut p = *e;
            while let Some((parent, _)) = p.rsplit_once('/') {
                if !parents.insert(parent) {
                    break;
                }
                p = parent;
            }
        }
        out.extend(
            entries
                .into_iter()
                .filter(|e| !parents.contains(e))
                .map(ToOwned::to_owned),
        );
    }
    if let Some(md5) = md5sums {
        for line in md5.lines() {
            // "<32 hex>  path/relative/to/root"
            if let Some((_, p)) = line.split_once("  ") {
                let p = p.trim();
                if !p.is_empty() {
                    out.insert(format!("/{}", p.trim_start_matches('/')));
                }
            }
        }
    }
}

fn text(f: Option<&DbFile>) -> Option<String> {
    f.and_then(|f| f.bytes().ok())
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

impl Cataloger for Dpkg {
    fn name(&self) -> &'static str {
        "dpkg"
    }

    fn requests(&self) -> Vec<FileRequest> {
        vec![
            FileRequest::path("var/lib/dpkg/status"),
            FileRequest::glob("var/lib/dpkg/status.d/*").max_size(16 << 20),
            FileRequest::glob("var/lib/dpkg/info/*.list").max_size(16 << 20),
            FileRequest::glob("var/lib/dpkg/info/*.md5sums").max_size(16 << 20),
            FileRequest::glob("usr/share/doc/*/copyright").max_size(1 << 20),
        ]
    }

    fn is_database(&self, f: &DbFile) -> bool {
        f.requests.contains(&STATUS)
            || (f.requests.contains(&STATUS_D)
                && !f.path.rsplit('/').next().is_some_and(|n| {
                    n.starts_with('.') || AUX_SUFFIXES.iter().any(|s| n.ends_with(s))
                }))
    }

    fn parse(&self, db: &DbFile, input: &Input<'_>) -> Result<Vec<Package>> {
        let bytes = db.bytes()?;
        let mut pkgs = parse_status(&String::from_utf8_lossy(&bytes));
        super::stamp(&mut pkgs, input, "debian", |p| {
            p.source.as_ref().map(|s| match &s.version {
                Some(v) if *v != p.version => format!("{}@{v}", s.name),
                _ => s.name.clone(),
            })
        });
        Ok(pkgs)
    }

    fn enrich(&self, packages: &mut [Package], input: &Input<'_>) {
        for p in packages.iter_mut() {
            let mut files = BTreeSet::new();
            let db_path = p
                .locations
                .first()
                .map(|l| l.path.trim_start_matches('/').to_owned());
            if let Some(db) = db_path.as_deref().filter(|d| d.contains("/status.d/")) {
                owned_files(
                    None,
                    text(input.visible(&format!("{db}.md5sums"))).as_deref(),
                    &mut files,
                );
            } else {
                let qualified = p
                    .arch
                    .as_deref()
                    .map(|a| format!("var/lib/dpkg/info/{}:{a}", p.name));
                let plain = format!("var/lib/dpkg/info/{}", p.name);
                for stem in qualified.iter().chain(std::iter::once(&plain)) {
                    let list = text(input.visible(&format!("{stem}.list")));
                    let md5 = text(input.visible(&format!("{stem}.md5sums")));
                    if list.is_some() || md5.is_some() {
                        owned_files(list.as_deref(), md5.as_deref(), &mut files);
                        break;
                    }
                }
            }
            p.files = files.into_iter().collect();
            if let Some(c) = text(input.visible(&format!("usr/share/doc/{}/copyright", p.name))) {
                p.licenses = copyright_licenses(&c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_fields() {
        let s = "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nSource: glibc (2.36-9)\nVersion: 2.36-9+deb12u4\nDescription: x\n more\n\nPackage: old\nStatus: deinstall ok config-files\nVersion: 1\n\nPackage: base-files\nVersion: 12.4\n";
        let p = parse_status(s);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].name, "libc6");
        assert_eq!(
            p[0].source,
            Some(SourcePackage {
                name: "glibc".into(),
                version: Some("2.36-9".into())
            })
        );
        assert_eq!(p[1].name, "base-files");
    }

    #[test]
    fn list_drops_directories() {
        let mut out = BTreeSet::new();
        owned_files(
            Some("/.\n/usr\n/usr/bin\n/usr/bin/ls\n/usr/bin-x\n"),
            Some("d41d8cd98f00b204e9800998ecf8427e  usr/share/doc/x\n"),
            &mut out,
        );
        let v: Vec<_> = out.into_iter().collect();
        assert_eq!(v, ["/usr/bin-x", "/usr/bin/ls", "/usr/share/doc/x"]);
    }

    #[test]
    fn licenses() {
        let c = "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: GPL-2+\n\nFiles: x\nLicense: BSD-3-clause\n text\n\nLicense: GPL-2+\n";
        assert_eq!(copyright_licenses(c), ["BSD-3-clause", "GPL-2+"]);
    }
}
