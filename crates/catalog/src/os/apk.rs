//! apk: `lib/apk/db/installed`, one record per package (`P:` name, `V:`
//! version, `o:` origin, `A:` arch, `L:` license, `F:`/`R:` directories
//! and the files under each).

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::Result;
use crate::package::{Package, SourcePackage};

/// The apk cataloger.
#[derive(Debug, Clone, Copy, Default)]
pub struct Apk;

/// Parses an installed database into packages (identity, origin, arch,
/// license, files; no PURL).
pub fn parse_installed(text: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut cur: Option<Package> = None;
    let mut dir = String::new();
    let finish = |p: Option<Package>, out: &mut Vec<Package>| {
        if let Some(p) = p
            && !p.name.is_empty()
            && !p.version.is_empty()
        {
            out.push(p);
        }
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            finish(cur.take(), &mut out);
            dir.clear();
            continue;
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let p = cur.get_or_insert_with(|| Package::new("apk", "", "", "apk"));
        match k {
            "P" => p.name = v.to_owned(),
            "V" => p.version = v.to_owned(),
            "A" => p.arch = Some(v.to_owned()).filter(|a| !a.is_empty()),
            "o" if !v.is_empty() => {
                p.source = Some(SourcePackage {
                    name: v.to_owned(),
                    version: None,
                })
            }
            "L" if !v.is_empty() => p.licenses = vec![v.to_owned()],
            "F" => dir = v.trim_matches('/').to_owned(),
            "R" => p.files.push(if dir.is_empty() {
                format!("/{v}")
            } else {
                format!("/{dir}/{v}")
            }),
            _ => {}
        }
    }
    finish(cur.take(), &mut out);
    for p in &mut out {
        if let Some(s) = &mut p.source {
            s.version = Some(p.version.clone());
        }
        p.files.sort();
        p.files.dedup();
    }
    out
}

impl Cataloger for Apk {
    fn name(&self) -> &'static str {
        "apk"
    }

    fn requests(&self) -> Vec<FileRequest> {
        vec![FileRequest::path("lib/apk/db/installed")]
    }

    fn is_database(&self, _f: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, input: &Input<'_>) -> Result<Vec<Package>> {
        let bytes = db.bytes()?;
        let mut pkgs = parse_installed(&String::from_utf8_lossy(&bytes));
        super::stamp(&mut pkgs, input, "alpine", |p| {
            p.source
                .as_ref()
                .filter(|s| s.name != p.name)
                .map(|s| s.name.clone())
        });
        Ok(pkgs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records() {
        let db = "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\nL:MIT\no:musl\nF:lib\nR:libc.musl-x86_64.so.1\nR:ld-musl-x86_64.so.1\n\nP:busybox-binsh\nV:1.36.1-r5\no:busybox\nF:bin\nR:sh\n";
        let p = parse_installed(db);
        assert_eq!(p.len(), 2);
        assert_eq!(
            p[0].files,
            ["/lib/ld-musl-x86_64.so.1", "/lib/libc.musl-x86_64.so.1"]
        );
        assert_eq!(
            p[1].source.as_ref().map(|s| s.name.as_str()),
            Some("busybox")
        );
        assert_eq!(p[0].licenses, ["MIT"]);
    }
}
