//! syft's own JSON (`syft -o json`): `artifacts` are the packages, each
//! with its PURL and locations (path and the layer's diff ID), `distro`
//! the os-release, `source` the image and its layers — so findings from an
//! SBOM syft wrote still name the layer that installed the package.

use std::collections::HashMap;

use bosun_types::{LayerInfo, LayerRef, Location, Sbom};
use serde_json::Value;

use super::{ReadError, arr, distro_qualifier, empty, finish, package, s};

pub(super) fn read(v: &Value, reference: &str) -> Result<Sbom, ReadError> {
    let mut sbom = empty(reference);
    let src = v.get("source").unwrap_or(&Value::Null);
    let meta = src.get("metadata").unwrap_or(&Value::Null);
    let input = s(meta, "userInput");
    if !input.is_empty() {
        sbom.image.reference = input.to_owned();
    }
    let digest = s(meta, "manifestDigest");
    if !digest.is_empty() {
        sbom.image.manifest_digest = Some(digest.to_owned());
    }
    let id = s(meta, "imageID");
    if !id.is_empty() {
        sbom.image.config_digest = Some(id.to_owned());
    }
    let mut layer_of: HashMap<&str, usize> = HashMap::new();
    for (i, l) in arr(meta, "layers").iter().enumerate() {
        let d = s(l, "digest");
        layer_of.insert(d, i);
        sbom.layers.push(LayerInfo {
            layer: LayerRef {
                index: i,
                digest: None,
                diff_id: Some(d.to_owned()).filter(|d| !d.is_empty()),
            },
            created_by: None,
        });
    }
    if let Some(d) = v.get("distro") {
        super::set_distro(
            &mut sbom,
            s(d, "id"),
            Some(s(d, "versionID")).filter(|v| !v.is_empty()),
            Some(s(d, "prettyName")).filter(|v| !v.is_empty()),
        );
    }
    let distro = distro_qualifier(&sbom);
    let artifacts = arr(v, "artifacts");
    if artifacts.len() > super::MAX_PACKAGES {
        return Err(ReadError::Limit("too many packages"));
    }
    let layer_ref = |d: &str| {
        layer_of.get(d).map(|&index| LayerRef {
            index,
            digest: None,
            diff_id: Some(d.to_owned()),
        })
    };
    for a in artifacts {
        let purl = Some(s(a, "purl")).filter(|p| !p.is_empty());
        let mut p = package(
            s(a, "name"),
            s(a, "version"),
            purl,
            distro.as_deref(),
            "syft",
        );
        if p.name.is_empty() {
            continue;
        }
        for l in arr(a, "locations") {
            let path = s(l, "path");
            let layer = layer_ref(s(l, "layerID"));
            if p.introduced_layer.is_none() {
                p.introduced_layer = layer.clone();
            }
            if !path.is_empty() {
                p.locations.push(Location {
                    path: path.to_owned(),
                    layer,
                });
            }
        }
        p.db_layer = p.introduced_layer.clone();
        sbom.packages.push(p);
    }
    finish(&mut sbom)?;
    Ok(sbom)
}
