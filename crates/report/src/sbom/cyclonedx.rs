//! CycloneDX 1.6 JSON. The image is `metadata.component` (type
//! `container`), the distribution an `operating-system` component, each
//! package a `library` component with its PURL and licenses. The database
//! a package was read from is `evidence.occurrences`; layers, owned files
//! and format-specific facts are `bosun:` properties, since CycloneDX has
//! no field of its own for them.

use std::borrow::Cow;

use bosun_types::Sbom;
use serde::Serialize;
use serde_json::{Value, json};

use super::{Options, layer_facts, refs, uuid};

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "value": value })
}

/// Components are typed and borrow from the SBOM: an image lists tens of
/// thousands of owned files, too many for a `serde_json::Value` tree.
#[derive(Serialize)]
struct Component<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "bom-ref")]
    bom_ref: Cow<'a, str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    purl: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    licenses: Vec<Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    properties: Vec<Prop<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    evidence: Option<Value>,
}

#[derive(Serialize)]
struct Prop<'a> {
    name: Cow<'a, str>,
    value: Cow<'a, str>,
}

fn p<'a>(name: impl Into<Cow<'a, str>>, value: impl Into<Cow<'a, str>>) -> Prop<'a> {
    Prop {
        name: name.into(),
        value: value.into(),
    }
}

/// The document.
#[derive(Serialize)]
pub(crate) struct Document<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    #[serde(rename = "bomFormat")]
    bom_format: &'static str,
    #[serde(rename = "specVersion")]
    spec_version: &'static str,
    #[serde(rename = "serialNumber")]
    serial_number: String,
    version: u32,
    metadata: Value,
    components: Vec<Component<'a>>,
    dependencies: Value,
    /// Findings, for `bosun scan --format cyclonedx-json`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(crate) vulnerabilities: Vec<Value>,
}

pub(crate) fn document<'a>(sbom: &'a Sbom, opts: &Options) -> Document<'a> {
    let refs = refs(sbom);
    let mut components = Vec::new();
    let mut os_ref = None;
    if let Some(d) = &sbom.distro {
        components.push(Component {
            kind: "operating-system",
            bom_ref: Cow::Borrowed("os"),
            name: &d.id,
            version: d.version_id.as_deref(),
            description: d.pretty_name.as_deref(),
            purl: None,
            licenses: Vec::new(),
            properties: d
                .ecosystem
                .as_deref()
                .map(|e| p("bosun:ecosystem", e))
                .into_iter()
                .collect(),
            evidence: None,
        });
        os_ref = Some("os");
    }
    for (pkg, r) in sbom.packages.iter().zip(&refs) {
        let mut props = vec![
            p("bosun:package:type", pkg.kind.as_str()),
            p("bosun:cataloger", pkg.cataloger.as_str()),
        ];
        if let Some(e) = &pkg.ecosystem {
            props.push(p("bosun:ecosystem", e.as_str()));
        }
        if let Some(a) = &pkg.arch {
            props.push(p("bosun:arch", a.as_str()));
        }
        if let Some(s) = &pkg.source {
            props.push(p("bosun:source:name", s.name.as_str()));
            if let Some(v) = &s.version {
                props.push(p("bosun:source:version", v.as_str()));
            }
        }
        for (k, v) in layer_facts(pkg) {
            props.push(p(k, v));
        }
        for (k, v) in &pkg.properties {
            props.push(p(format!("bosun:{k}"), v.as_str()));
        }
        for f in &pkg.files {
            props.push(p("bosun:file", f.as_str()));
        }
        components.push(Component {
            kind: "library",
            bom_ref: Cow::Owned(r.clone()),
            name: &pkg.name,
            version: Some(&pkg.version),
            description: None,
            purl: Some(pkg.purl.as_str()).filter(|u| !u.is_empty()),
            licenses: pkg
                .licenses
                .iter()
                .map(|l| json!({ "license": { "name": l } }))
                .collect(),
            properties: props,
            evidence: (!pkg.locations.is_empty()).then(|| {
                json!({
                    "occurrences": pkg.locations.iter().map(|l| json!({ "location": l.path })).collect::<Vec<_>>()
                })
            }),
        });
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
    if let Some(o) = os_ref {
        depends.insert(0, json!(o));
    }
    Document {
        schema: "http://cyclonedx.org/schema/bom-1.6.schema.json",
        bom_format: "CycloneDX",
        spec_version: "1.6",
        serial_number: format!("urn:uuid:{}", uuid(sbom, opts)),
        version: 1,
        metadata: json!({
            "timestamp": opts.created,
            "tools": { "components": [{ "type": "application", "name": "bosun", "version": sbom.tool_version }] },
            "component": image,
        }),
        components,
        dependencies: json!([{ "ref": "image", "dependsOn": depends }]),
        vulnerabilities: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let f = crate::sbom::fixtures::sbom();
        insta::assert_json_snapshot!(
            serde_json::to_value(super::document(&f, &crate::sbom::fixtures::opts())).unwrap()
        );
    }
}
