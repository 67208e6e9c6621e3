//! `package-lock.json` (and `npm-shrinkwrap.json`): v1's nested
//! `dependencies` tree, v2/v3's flat `packages` map keyed by install path.
//! The project itself (key `""`) is listed as syft does, flagged
//! `javascript-package-lock:root`; workspace links are skipped (their
//! target folders have entries of their own).

use serde_json::{Map, Value};

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NPM, dedup, flag, json, mark_dev};
use crate::package::Package;

/// The package-lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "javascript-package-lock",
    globs: &["**/package-lock.json", "**/npm-shrinkwrap.json"],
    max_size: 64 << 20,
    declared: true,
    parse,
};

/// Nesting kept in v1 trees (real trees are a few levels deep).
const MAX_DEPTH: usize = 64;

/// Parses a package-lock.json.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let mut out = Vec::new();
    if let Some(pkgs) = v.get("packages").and_then(Value::as_object) {
        for (key, e) in pkgs {
            if e.get("link").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            if key.is_empty() {
                root(&mut out, e);
                continue;
            }
            let name = match e.get("name").and_then(Value::as_str) {
                Some(n) => n,
                None => match key.rfind("node_modules/") {
                    Some(i) => &key[i + "node_modules/".len()..],
                    None => key.rsplit('/').next().unwrap_or(key),
                },
            };
            let dev = e.get("dev").and_then(Value::as_bool) == Some(true);
            push(&mut out, name, e, dev);
        }
    } else {
        if v.get("name").and_then(Value::as_str).is_some() {
            root(&mut out, &v);
        }
        if let Some(deps) = v.get("dependencies").and_then(Value::as_object) {
            walk_v1(deps, &mut out, 0, false);
        }
    }
    dedup(&mut out);
    Ok(out)
}

/// The project's own entry.
fn root(out: &mut Vec<Package>, e: &Value) {
    let Some(name) = e.get("name").and_then(Value::as_str) else {
        return;
    };
    let before = out.len();
    push(out, name, e, false);
    if let Some(p) = out.get_mut(before) {
        flag(p, "javascript-package-lock:root");
    }
}

/// A v1 tree; what a dev dependency pulls in is dev too.
fn walk_v1(deps: &Map<String, Value>, out: &mut Vec<Package>, depth: usize, dev: bool) {
    if depth > MAX_DEPTH {
        return;
    }
    for (name, e) in deps {
        let dev = dev || e.get("dev").and_then(Value::as_bool) == Some(true);
        let name = name.strip_prefix("node_modules/").unwrap_or(name);
        push(out, name, e, dev);
        if let Some(sub) = e.get("dependencies").and_then(Value::as_object) {
            walk_v1(sub, out, depth + 1, dev);
        }
    }
}

fn push(out: &mut Vec<Package>, name: &str, e: &Value, dev: bool) {
    let Some(version) = e.get("version").and_then(Value::as_str) else {
        return;
    };
    if name.is_empty() || version.is_empty() {
        return;
    }
    // A v1 alias (`npm:real@1.0`) names the real package.
    let (name, version) = match version
        .strip_prefix("npm:")
        .and_then(super::split_at_version)
    {
        Some((n, v)) => (n, v),
        None => (name, version),
    };
    let mut p = NPM.package(name, version, CATALOGER.name);
    if dev {
        mark_dev(&mut p);
    }
    if let Some(l) = e.get("license").and_then(Value::as_str) {
        p.licenses.push(l.to_owned());
    }
    out.push(p);
}

#[cfg(test)]
mod tests {
    fn names(t: &[u8]) -> Vec<(String, String, bool)> {
        super::parse("/package-lock.json", t)
            .unwrap()
            .into_iter()
            .map(|p| {
                let dev = p.properties.contains_key("dev");
                (p.name, p.version, dev)
            })
            .collect()
    }

    #[test]
    fn v1_and_v3() {
        let v1 = br#"{"lockfileVersion":1,"dependencies":{"a":{"version":"1.0.0","dev":true,"dependencies":{"b":{"version":"2.0.0"}}},"c":{"version":"npm:@x/y@3.0.0"}}}"#;
        assert_eq!(
            names(v1),
            [
                ("@x/y".into(), "3.0.0".into(), false),
                ("a".into(), "1.0.0".into(), true),
                ("b".into(), "2.0.0".into(), true)
            ]
        );
        let v3 = br#"{"lockfileVersion":3,"packages":{"":{"name":"app","version":"1.0.0"},"node_modules/@s/a":{"version":"1.0.0"},"node_modules/x/node_modules/b":{"version":"2.0.0","dev":true},"node_modules/w":{"resolved":"packages/w","link":true},"packages/w":{"name":"w","version":"0.1.0"}}}"#;
        assert_eq!(
            names(v3),
            [
                ("@s/a".into(), "1.0.0".into(), false),
                ("app".into(), "1.0.0".into(), false),
                ("b".into(), "2.0.0".into(), true),
                ("w".into(), "0.1.0".into(), false)
            ]
        );
    }
}
