//! `*.deps.json`: the `libraries` map (`"Name/1.2.3": {"type": …}`) the
//! .NET host reads at start-up: NuGet packages and the application's own
//! projects (kept, as syft does, with `dotnet-deps:type=project`);
//! framework reference assemblies are not packages.

use serde_json::Value;

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NUGET, dedup, json};
use crate::package::Package;

/// The deps.json cataloger.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "dotnet-deps",
    globs: &["**/*.deps.json"],
    max_size: 32 << 20,
    declared: false,
    parse,
};

/// Parses a deps.json.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let mut out = Vec::new();
    for (key, lib) in v
        .get("libraries")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let kind = lib.get("type").and_then(Value::as_str);
        if !matches!(kind, Some("package" | "project")) {
            continue;
        }
        let Some((name, version)) = key.split_once('/') else {
            continue;
        };
        if name.is_empty() || version.is_empty() {
            continue;
        }
        let mut p = NUGET.package(name, version, CATALOGER.name);
        if kind == Some("project") {
            p.properties
                .insert("dotnet-deps:type".into(), "project".into());
        }
        out.push(p);
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn libraries() {
        let t = br#"{"libraries":{"App/1.0.0":{"type":"project"},"Serilog/2.10.0":{"type":"package","serviceable":true}}}"#;
        let p = super::parse("/App.deps.json", t).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].purl, "pkg:nuget/Serilog@2.10.0");
    }
}
