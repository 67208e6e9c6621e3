//! Installed packages: any `package.json` with a name and a version
//! (`node_modules/**`, Debian's `/usr/share/nodejs`, global modules).
//! Files without both — a project root, a `{"type":"module"}` marker deep
//! inside a package — are not packages.

use serde_json::Value;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NPM, flag, json};
use crate::package::Package;

/// The installed package.json cataloger.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "javascript-package",
    globs: &["**/package.json"],
    max_size: 4 << 20,
    declared: false,
    parse,
};

/// Parses one package.json.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let (Some(name), Some(version)) = (
        v.get("name").and_then(Value::as_str),
        v.get("version").and_then(Value::as_str),
    ) else {
        return Ok(Vec::new());
    };
    let (name, version) = (name.trim(), version.trim());
    if name.is_empty() || version.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = NPM.package(name, version, CATALOGER.name);
    p.licenses = licenses(&v);
    if v.get("private").and_then(Value::as_bool) == Some(true) {
        flag(&mut p, "javascript-package:private");
    }
    Ok(vec![p])
}

/// `license` as a string or `{type}`, or the legacy `licenses` list.
fn licenses(v: &Value) -> Vec<String> {
    let one = |l: &Value| match l {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    if let Some(l) = v.get("license").and_then(one) {
        return vec![l];
    }
    match v.get("licenses") {
        Some(Value::Array(a)) => a.iter().filter_map(one).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn package() {
        let p = super::parse(
            "/p.json",
            br#"{"name":"@types/node","version":"14.0.0","license":{"type":"MIT"}}"#,
        )
        .unwrap();
        assert_eq!(p[0].purl, "pkg:npm/%40types/node@14.0.0");
        assert_eq!(p[0].licenses, ["MIT"]);
        assert!(
            super::parse("/p.json", br#"{"type":"module"}"#)
                .unwrap()
                .is_empty()
        );
        assert!(super::parse("/p.json", b"{").is_err());
    }
}
