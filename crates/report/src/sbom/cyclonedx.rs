//! CycloneDX 1.6 JSON. The image is `metadata.component` (type
//! `container`), the distribution an `operating-system` component, each
//! package a `library` component with its PURL and licenses. The database
//! a package was read from is `evidence.occurrences`; layers, owned files
//! and format-specific facts are `bosun:` properties, since CycloneDX has
//! no field of its own for them.

use bosun_catalog::Sbom;
use serde_json::{Value, json};

use super::{Options, layer_facts, refs, uuid};

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

pub(super) fn document(sbom: &Sbom, opts: &Options) -> Value {
    let refs = refs(sbom);
    let mut components = Vec::new();
    let mut os_ref = None;
    if let Some(d) = &sbom.distro {
        let r = "os".to_owned();
        let mut c = json!({
            "type": "operating-system",
            "bom-ref": r,
            "name": d.id,
        });
        if let Some(v) = &d.version_id {
            c["version"] = json!(v);
        }
        if let Some(n) = &d.pretty_name {
            c["description"] = json!(n);
        }
        if let Some(e) = &d.ecosystem {
            c["properties"] = json!([prop("bosun:ecosystem", e)]);
        }
        components.push(c);
        os_ref = Some(r);
    }
    for (p, r) in sbom.packages.iter().zip(&refs) {
        let mut props = vec![
            prop("bosun:package:type", &p.kind),
            prop("bosun:cataloger", &p.cataloger),
        ];
        if let Some(e) = &p.ecosystem {
            props.push(prop("bosun:ecosystem", e));
        }
        if let Some(a) = &p.arch {
            props.push(prop("bosun:arch", a));
        }
        if let Some(s) = &p.source {
            props.push(prop("bosun:source:name", &s.name));
            if let Some(v) = &s.version {
                props.push(prop("bosun:source:version", v));
            }
        }
        for (k, v) in layer_facts(p) {
            props.push(prop(&k, &v));
        }
        for (k, v) in &p.properties {
            props.push(prop(&format!("bosun:{k}"), v));
        }
        for f in &p.files {
            props.push(prop("bosun:file", f));
        }
        let mut c = json!({
            "type": "library",
            "bom-ref": r,
            "name": p.name,
            "version": p.version,
            "properties": props,
        });
        if !p.purl.is_empty() {
            c["purl"] = json!(p.purl);
        }
        if !p.licenses.is_empty() {
            c["licenses"] = Value::Array(
                p.licenses
                    .iter()
                    .map(|l| json!({ "license": { "name": l } }))
                    .collect(),
            );
        }
        if !p.locations.is_empty() {
            c["evidence"] = json!({
                "occurrences": p.locations.iter().map(|l| json!({ "location": l.path })).collect::<Vec<_>>()
            });
        }
        components.push(c);
    }
    let mut image_props = Vec::new();
    if let Some(d) = &sbom.image.manifest_digest {
        image_props.push(prop("bosun:image:manifestDigest", d));
    }
    if let Some(d) = &sbom.image.config_digest {
        image_props.push(prop("bosun:image:configDigest", d));
    }
    if let Some(p) = &sbom.image.platform {
        image_props.push(prop("bosun:image:platform", p));
    }
    for l in &sbom.layers {
        let id = l
            .layer
            .diff_id
            .as_deref()
            .or(l.layer.digest.as_deref())
            .unwrap_or("-");
        image_props.push(prop(&format!("bosun:layer:{}:diffID", l.layer.index), id));
        if let Some(c) = &l.created_by {
            image_props.push(prop(&format!("bosun:layer:{}:createdBy", l.layer.index), c));
        }
    }
    let image = json!({
        "type": "container",
        "bom-ref": "image",
        "name": sbom.image.reference,
        "version": sbom.image.manifest_digest.as_deref().unwrap_or(""),
        "properties": image_props,
    });
    let mut depends: Vec<Value> = refs.iter().map(|r| json!(r)).collect();
    if let Some(o) = &os_ref {
        depends.insert(0, json!(o));
    }
    json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": format!("urn:uuid:{}", uuid(sbom, opts)),
        "version": 1,
        "metadata": {
            "timestamp": opts.created,
            "tools": { "components": [{ "type": "application", "name": "bosun", "version": sbom.tool_version }] },
            "component": image,
        },
        "components": components,
        "dependencies": [{ "ref": "image", "dependsOn": depends }],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let f = crate::sbom::fixtures::sbom();
        insta::assert_json_snapshot!(super::document(&f, &crate::sbom::fixtures::opts()));
    }
}
