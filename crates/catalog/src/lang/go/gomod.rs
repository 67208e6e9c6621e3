//! `go.mod` in source trees: required modules with `replace` directives
//! applied and `exclude`d ones dropped, as the build would resolve them;
//! `go.sum` beside it supplies the `h1:` hashes. The main module itself is
//! not a dependency and is not listed.

use std::collections::BTreeMap;

use bosun_layers::FileRequest;

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::Result;
use crate::lang::go::binary::module;
use crate::package::Package;

/// Largest go.mod/go.sum read.
const MAX: u64 = 16 << 20;

/// Declared Go modules of `go.mod`.
#[derive(Debug, Default)]
pub struct GoMod;

impl Cataloger for GoMod {
    fn name(&self) -> &'static str {
        "go-mod"
    }

    fn requests(&self) -> Vec<FileRequest> {
        vec![
            FileRequest::glob("**/go.mod").max_size(MAX),
            FileRequest::glob("**/go.sum").max_size(MAX),
        ]
    }

    fn is_database(&self, f: &DbFile) -> bool {
        f.path == "go.mod" || f.path.ends_with("/go.mod")
    }

    fn declared(&self) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, input: &Input<'_>) -> Result<Vec<Package>> {
        let bytes = db.bytes()?;
        let text = crate::lang::file::text(&format!("/{}", db.path), &bytes)?;
        let sum_path = format!(
            "{}go.sum",
            db.path.strip_suffix("go.mod").unwrap_or_default()
        );
        let sums = match input.visible(&sum_path) {
            Some(f) => String::from_utf8_lossy(&f.bytes()?).into_owned(),
            None => String::new(),
        };
        Ok(parse(text, &sums, self.name()))
    }
}

/// One directive's words, comments dropped, quotes removed.
fn words(line: &str) -> Vec<&str> {
    let line = line.split("//").next().unwrap_or_default();
    line.split_whitespace()
        .map(|w| w.trim_matches('"').trim_matches('`'))
        .collect()
}

/// Packages of a `go.mod`, with hashes from `go.sum`.
pub fn parse(gomod: &str, gosum: &str, cataloger: &str) -> Vec<Package> {
    let mut required: BTreeMap<String, String> = BTreeMap::new();
    let mut replaces: Vec<(String, Option<String>, String, String)> = Vec::new();
    let mut excludes: Vec<(String, String)> = Vec::new();
    let mut block: Option<String> = None;
    for raw in gomod.lines() {
        let w = words(raw);
        if w.is_empty() {
            continue;
        }
        let (verb, args): (String, Vec<&str>) = match &block {
            Some(b) if w[0] == ")" => {
                let _ = b;
                block = None;
                continue;
            }
            Some(b) => (b.clone(), w),
            None if w.len() == 2 && w[1] == "(" => {
                block = Some(w[0].to_owned());
                continue;
            }
            None => (w[0].to_owned(), w[1..].to_vec()),
        };
        match (verb.as_str(), args.as_slice()) {
            ("require", [path, version, ..]) => {
                required.insert((*path).to_owned(), (*version).to_owned());
            }
            ("exclude", [path, version, ..]) => {
                excludes.push(((*path).to_owned(), (*version).to_owned()))
            }
            ("replace", a) => {
                let Some(arrow) = a.iter().position(|w| *w == "=>") else {
                    continue;
                };
                let old = a.first().copied().unwrap_or_default().to_owned();
                let old_v = (arrow == 2).then(|| a[1].to_owned());
                let new = a.get(arrow + 1).copied().unwrap_or_default().to_owned();
                let new_v = a.get(arrow + 2).copied().unwrap_or_default().to_owned();
                replaces.push((old, old_v, new, new_v));
            }
            _ => {}
        }
    }
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (path, v) in &required {
        let rep = replaces
            .iter()
            .find(|(old, old_v, ..)| old == path && old_v.as_ref().is_none_or(|ov| ov == v));
        match rep {
            // A local directory replacement: the module keeps its name,
            // with no version to report.
            Some((_, _, new, nv)) if nv.is_empty() => {
                let _ = new;
                out.insert(path.clone(), String::new());
            }
            Some((_, _, new, nv)) => {
                out.insert(new.clone(), nv.clone());
            }
            None => {
                out.insert(path.clone(), v.clone());
            }
        }
    }
    for (path, v) in &excludes {
        if out.get(path) == Some(v) {
            out.remove(path);
        }
    }
    let hashes: BTreeMap<(&str, &str), &str> = gosum
        .lines()
        .filter_map(|l| {
            let mut w = l.split_whitespace();
            let (p, v, h) = (w.next()?, w.next()?, w.next()?);
            (!v.ends_with("/go.mod")).then_some(((p, v), h))
        })
        .collect();
    out.into_iter()
        .map(|(path, v)| {
            let h = hashes
                .get(&(path.as_str(), v.as_str()))
                .copied()
                .unwrap_or_default();
            module(&path, &v, h, cataloger)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_replaces_excludes() {
        let m = "module example.com/app\n\ngo 1.22\n\nrequire a.io/x v1.0.0\nrequire (\n\tb.io/y v0.1.0 // indirect\n\tc.io/z v2.0.0\n\td.io/local v1.0.0\n)\nreplace b.io/y => f.io/y v0.2.0\nreplace d.io/local => ../local\nexclude c.io/z v2.0.0\n";
        let s = "f.io/y v0.2.0 h1:abc=\nf.io/y v0.2.0/go.mod h1:def=\n";
        let p = parse(m, s, "go-mod");
        let got: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("a.io/x", "v1.0.0"),
                ("d.io/local", ""),
                ("f.io/y", "v0.2.0")
            ]
        );
        assert_eq!(p[2].properties["go:h1"], "h1:abc=");
        assert_eq!(p[1].purl, "pkg:golang/d.io/local");
    }
}
