//! SPDX 2.3 JSON. The image is the described package (purpose
//! `CONTAINER`) and `CONTAINS` the distribution (`OPERATING-SYSTEM`) and
//! every package, each with its PURL as an external reference and its
//! declared licenses (as `LicenseRef-`s with the text extracted, since
//! distributions' license names are not all SPDX identifiers). Layers and
//! the database location are package annotations: SPDX has no layer
//! field. Owned files are not listed as SPDX files, which require a SHA-1
//! of each file's content that package databases do not record.

use std::collections::BTreeMap;

use bosun_types::Sbom;
use serde_json::{Value, json};

use super::{Options, layer_facts, uuid};

fn license_ref(l: &str) -> String {
    let id: String = l
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("LicenseRef-{id}")
}

fn annotation(opts: &Options, tool: &str, comment: String) -> Value {
    json!({
        "annotationDate": opts.created,
        "annotationType": "OTHER",
        "annotator": tool,
        "comment": comment,
    })
}

pub(super) fn document(sbom: &Sbom, opts: &Options) -> Value {
    let tool = format!("Tool: bosun-{}", sbom.tool_version);
    let mut packages = Vec::new();
    let mut relationships = vec![json!({
        "spdxElementId": "SPDXRef-DOCUMENT",
        "relationshipType": "DESCRIBES",
        "relatedSpdxElement": "SPDXRef-Image",
    })];
    let mut extracted: BTreeMap<String, String> = BTreeMap::new();
    let mut image = json!({
        "SPDXID": "SPDXRef-Image",
        "name": sbom.image.reference,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": false,
        "licenseConcluded": "NOASSERTION",
        "licenseDeclared": "NOASSERTION",
        "copyrightText": "NOASSERTION",
        "primaryPackagePurpose": "CONTAINER",
    });
    if let Some(d) = &sbom.image.manifest_digest {
        image["versionInfo"] = json!(d);
        if let Some(hex) = d.strip_prefix("sha256:") {
            image["checksums"] = json!([{ "algorithm": "SHA256", "checksumValue": hex }]);
        }
    }
    let layers: Vec<String> = sbom
        .layers
        .iter()
        .map(|l| {
            format!(
                "layer {}: {} {}",
                l.layer.index,
                l.layer.diff_id.as_deref().unwrap_or("-"),
                l.created_by.as_deref().unwrap_or("")
            )
        })
        .collect();
    if !layers.is_empty() {
        image["annotations"] = json!([annotation(opts, &tool, layers.join("\n"))]);
    }
    packages.push(image);
    if let Some(d) = &sbom.distro {
        let mut os = json!({
            "SPDXID": "SPDXRef-OperatingSystem",
            "name": d.id,
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": false,
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": "NOASSERTION",
            "copyrightText": "NOASSERTION",
            "primaryPackagePurpose": "OPERATING-SYSTEM",
        });
        if let Some(v) = &d.version_id {
            os["versionInfo"] = json!(v);
        }
        if let Some(n) = &d.pretty_name {
            os["description"] = json!(n);
        }
        packages.push(os);
        relationships.push(json!({
            "spdxElementId": "SPDXRef-Image",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": "SPDXRef-OperatingSystem",
        }));
    }
    for (i, p) in sbom.packages.iter().enumerate() {
        let id = format!("SPDXRef-Package-{}-{i}", p.kind);
        let declared = if p.licenses.is_empty() {
            "NOASSERTION".to_owned()
        } else {
            let ids: Vec<String> = p
                .licenses
                .iter()
                .map(|l| {
                    let r = license_ref(l);
                    extracted.insert(r.clone(), l.clone());
                    r
                })
                .collect();
            ids.join(" AND ")
        };
        let mut pkg = json!({
            "SPDXID": id,
            "name": p.name,
            "versionInfo": p.version,
            "downloadLocation": "NOASSERTION",
            "filesAnalyzed": false,
            "licenseConcluded": "NOASSERTION",
            "licenseDeclared": declared,
            "copyrightText": "NOASSERTION",
            "primaryPackagePurpose": "LIBRARY",
        });
        if !p.purl.is_empty() {
            pkg["externalRefs"] = json!([{
                "referenceCategory": "PACKAGE-MANAGER",
                "referenceType": "purl",
                "referenceLocator": p.purl,
            }]);
        }
        if let Some(s) = &p.source {
            pkg["sourceInfo"] = json!(format!(
                "built from source package {}{}",
                s.name,
                s.version
                    .as_deref()
                    .map(|v| format!(" {v}"))
                    .unwrap_or_default()
            ));
        }
        let mut facts: Vec<String> = layer_facts(p)
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        for l in &p.locations {
            facts.push(format!("bosun:location={}", l.path));
        }
        if let Some(e) = &p.ecosystem {
            facts.push(format!("bosun:ecosystem={e}"));
        }
        for (k, v) in &p.properties {
            facts.push(format!("bosun:{k}={v}"));
        }
        pkg["annotations"] = json!([annotation(opts, &tool, facts.join("\n"))]);
        packages.push(pkg);
        relationships.push(json!({
            "spdxElementId": "SPDXRef-Image",
            "relationshipType": "CONTAINS",
            "relatedSpdxElement": id,
        }));
    }
    let name = sbom.image.reference.clone();
    let mut doc = json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": name,
        "documentNamespace": format!("https://bosun.invalid/spdx/{}", uuid(sbom, opts)),
        "creationInfo": { "created": opts.created, "creators": [tool] },
        "packages": packages,
        "relationships": relationships,
    });
    if !extracted.is_empty() {
        doc["hasExtractedLicensingInfos"] = Value::Array(
            extracted
                .into_iter()
                .map(|(id, text)| json!({ "licenseId": id, "extractedText": text, "name": text }))
                .collect(),
        );
    }
    doc
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let f = crate::sbom::fixtures::sbom();
        insta::assert_json_snapshot!(super::document(&f, &crate::sbom::fixtures::opts()));
    }
}
