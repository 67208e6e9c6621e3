//! CycloneDX JSON, spec versions 1.4 to 1.6: `metadata.component` names
//! the subject, an `operating-system` component gives the distribution,
//! every other component (nested ones included, to [`MAX_DEPTH`]) a
//! package. Locations come from `evidence.occurrences`, layers and source
//! packages from bosun's own `bosun:` properties when present.

use bosun_types::{LayerRef, Location, SourcePackage};
use serde_json::Value;

use super::{MAX_DEPTH, MAX_PACKAGES, ReadError, arr, distro_qualifier, empty, finish, package, s};
use bosun_types::Sbom;

const VERSIONS: [&str; 3] = ["1.4", "1.5", "1.6"];

pub(super) fn read(v: &Value, reference: &str) -> Result<Sbom, ReadError> {
    let version = s(v, "specVersion");
    if !VERSIONS.contains(&version) {
        return Err(ReadError::UnsupportedVersion {
            format: "CycloneDX",
            version: version.to_owned(),
        });
    }
    let mut sbom = empty(reference);
    if let Some(meta) = v.get("metadata").and_then(|m| m.get("component")) {
        let name = s(meta, "name");
        if !name.is_empty() {
            sbom.image.reference = name.to_owned();
        }
        for p in arr(meta, "properties") {
            let (k, val) = (s(p, "name"), s(p, "value"));
            match k {
                "bosun:image:manifestDigest" => sbom.image.manifest_digest = Some(val.to_owned()),
                "bosun:image:configDigest" => sbom.image.config_digest = Some(val.to_owned()),
                "bosun:image:platform" => sbom.image.platform = Some(val.to_owned()),
                _ => {}
            }
        }
    }
    // The operating system first: distro packages may need its release.
    let mut flat = Vec::new();
    collect(arr(v, "components"), 0, &mut flat)?;
    for c in &flat {
        if s(c, "type") == "operating-system" {
            super::set_distro(
                &mut sbom,
                s(c, "name"),
                Some(s(c, "version")).filter(|v| !v.is_empty()),
                Some(s(c, "description")).filter(|v| !v.is_empty()),
            );
            break;
        }
    }
    let distro = distro_qualifier(&sbom);
    for c in flat {
        if s(c, "type") == "operating-system" {
            continue;
        }
        let purl = Some(s(c, "purl")).filter(|p| !p.is_empty());
        let mut p = package(
            s(c, "name"),
            s(c, "version"),
            purl,
            distro.as_deref(),
            "cyclonedx",
        );
        if p.name.is_empty() {
            continue;
        }
        let mut introduced = None;
        let mut source_name = None;
        let mut source_version = None;
        for prop in arr(c, "properties") {
            let (k, val) = (s(prop, "name"), s(prop, "value"));
            match k {
                "bosun:layer:introduced:index" => introduced = val.parse::<usize>().ok(),
                "bosun:source:name" => source_name = Some(val.to_owned()),
                "bosun:source:version" => source_version = Some(val.to_owned()),
                "bosun:ecosystem" if p.ecosystem.is_none() => p.ecosystem = Some(val.to_owned()),
                _ => {}
            }
        }
        if let Some(n) = source_name {
            p.source = Some(SourcePackage {
                name: n,
                version: source_version,
            });
        }
        p.introduced_layer = introduced.map(|index| LayerRef {
            index,
            digest: None,
            diff_id: None,
        });
        if let Some(ev) = c.get("evidence") {
            for o in arr(ev, "occurrences") {
                let loc = s(o, "location");
                if !loc.is_empty() {
                    p.locations.push(Location {
                        path: loc.to_owned(),
                        layer: None,
                    });
                }
            }
        }
        sbom.packages.push(p);
    }
    finish(&mut sbom)?;
    Ok(sbom)
}

fn collect<'a>(
    comps: &'a [Value],
    depth: usize,
    out: &mut Vec<&'a Value>,
) -> Result<(), ReadError> {
    if depth > MAX_DEPTH {
        return Err(ReadError::Limit("components nested too deeply"));
    }
    for c in comps {
        if out.len() >= MAX_PACKAGES {
            return Err(ReadError::Limit("too many packages"));
        }
        out.push(c);
        collect(arr(c, "components"), depth + 1, out)?;
    }
    Ok(())
}
