//! `packages.lock.json`: per target framework, each package's `resolved`
//! version; `Project` entries are the solution's own projects.

use serde_json::Value;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NUGET, dedup, json};
use crate::package::Package;

/// The packages.lock.json cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "dotnet-packages-lock",
    globs: &["**/packages.lock.json"],
    max_size: 32 << 20,
    declared: true,
    parse,
};

/// Parses a packages.lock.json.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let mut out = Vec::new();
    let frameworks = v.get("dependencies").and_then(Value::as_object);
    for deps in frameworks.into_iter().flat_map(|f| f.values()) {
        for (name, e) in deps.as_object().into_iter().flatten() {
            if e.get("type").and_then(Value::as_str) == Some("Project") {
                continue;
            }
            let Some(version) = e.get("resolved").and_then(Value::as_str) else {
                continue;
            };
            if !name.is_empty() && !version.is_empty() {
                out.push(NUGET.package(name, version, CATALOGER.name));
            }
        }
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn frameworks() {
        let t = br#"{"version":1,"dependencies":{"net6.0":{"A":{"type":"Direct","resolved":"1.0.0"},"P":{"type":"Project"}},"net8.0":{"A":{"type":"Direct","resolved":"1.0.0"}}}}"#;
        let p = super::parse("/packages.lock.json", t).unwrap();
        assert_eq!(p.len(), 1);
    }
}
