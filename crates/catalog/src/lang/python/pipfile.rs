//! `Pipfile.lock` (pipenv): JSON with `default` and `develop` sections
//! mapping names to `{"version": "==1.2.3"}`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, PYPI, dedup, json, mark_dev, pep503};
use crate::package::Package;

/// The Pipfile.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "python-pipfile-lock",
    globs: &["**/Pipfile.lock"],
    max_size: 16 << 20,
    declared: true,
    parse,
};

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    default: BTreeMap<String, Entry>,
    #[serde(default)]
    develop: BTreeMap<String, Entry>,
}

#[derive(Deserialize)]
struct Entry {
    version: Option<String>,
}

/// Parses a Pipfile.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let lock: Lock = json(path, bytes)?;
    let mut out = Vec::new();
    for (section, dev) in [(&lock.default, false), (&lock.develop, true)] {
        for (name, e) in section {
            let Some(v) = e.version.as_deref().and_then(|v| v.strip_prefix("==")) else {
                continue;
            };
            let mut p = PYPI.package(&pep503(name), v.trim(), CATALOGER.name);
            if dev {
                mark_dev(&mut p);
            }
            out.push(p);
        }
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sections() {
        let t = br#"{"_meta":{},"default":{"aio-pika":{"version":"==6.8.0"},"git":{"git":"x"}},"develop":{"pytest":{"version":"==7.0"}}}"#;
        let p = super::parse("/Pipfile.lock", t).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].properties.get("dev").map(String::as_str), Some("true"));
        assert!(super::parse("/Pipfile.lock", b"[").is_err());
    }
}
