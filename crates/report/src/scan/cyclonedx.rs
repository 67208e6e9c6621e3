//! CycloneDX 1.6 JSON: the same components as `bosun sbom`'s CycloneDX
//! output plus a `vulnerabilities` list. Each vulnerability's `affects`
//! names the components' `bom-ref`s, its other ids are `references`, its
//! rating says which source and method (CVSS version) gave the score.
//! Suppressed findings carry an `analysis` (VEX `not_affected` →
//! `not_affected`, `fixed` → `resolved`, an ignore-file entry →
//! `not_affected` with the reason as `detail`).

use std::collections::HashMap;

use bosun_types::Sbom;
use bosun_types::{Finding, FixStatus, Report, Severity};
use serde_json::{Value, json};

use super::{Options, sorted};
use crate::sbom::cyclonedx::document;
use crate::sbom::{Options as SbomOptions, refs};

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "critical",
        Severity::High => "high",
        Severity::Medium => "medium",
        Severity::Low => "low",
        Severity::Negligible => "info",
        Severity::Unknown => "unknown",
    }
}

fn method(cvss_version: Option<&str>) -> &'static str {
    match cvss_version {
        Some("2.0") => "CVSSv2",
        Some("3.0") => "CVSSv3",
        Some("3.1") => "CVSSv31",
        Some("4.0") => "CVSSv4",
        _ => "other",
    }
}

/// The database an id belongs to, by its prefix, with the record's URL.
fn source_of(id: &str) -> (String, Option<String>) {
    let prefix = id.split('-').next().unwrap_or(id);
    let url = match prefix {
        "CVE" => Some(format!("https://nvd.nist.gov/vuln/detail/{id}")),
        "GHSA" => Some(format!("https://github.com/advisories/{id}")),
        _ => Some(format!("https://osv.dev/vulnerability/{id}")),
    };
    let name = match prefix {
        "CVE" => "NVD",
        "GHSA" => "GitHub",
        p => p,
    };
    (name.to_owned(), url)
}

/// CycloneDX's fixed list of justifications, from OpenVEX's names.
fn justification(j: &str) -> Option<&'static str> {
    Some(match j {
        "component_not_present" | "vulnerable_code_not_present" | "code_not_present" => {
            "code_not_present"
        }
        "vulnerable_code_not_in_execute_path" | "code_not_reachable" => "code_not_reachable",
        "vulnerable_code_cannot_be_controlled_by_adversary" | "protected_at_runtime" => {
            "protected_at_runtime"
        }
        "inline_mitigations_already_exist" | "protected_by_mitigating_control" => {
            "protected_by_mitigating_control"
        }
        "requires_configuration" => "requires_configuration",
        "requires_dependency" => "requires_dependency",
        "requires_environment" => "requires_environment",
        "protected_by_compiler" => "protected_by_compiler",
        "protected_at_perimeter" => "protected_at_perimeter",
        _ => return None,
    })
}

fn vulnerability(f: &Finding, bom_ref: &str, n: usize) -> Value {
    let (src, src_url) = source_of(&f.id);
    let mut v = json!({
        "bom-ref": format!("vuln-{n}"),
        "id": f.id,
        "source": { "name": src },
    });
    if let Some(u) = f.url.as_ref().or(src_url.as_ref()) {
        v["source"]["url"] = json!(u);
    }
    let mut references = Vec::new();
    for a in f.aliases.iter().chain(&f.advisories) {
        if *a == f.id || references.iter().any(|r: &Value| r["id"] == json!(a)) {
            continue;
        }
        let (name, url) = source_of(a);
        let mut source = json!({ "name": name });
        if let Some(u) = url {
            source["url"] = json!(u);
        }
        references.push(json!({ "id": a, "source": source }));
    }
    if !references.is_empty() {
        v["references"] = json!(references);
    }
    let mut rating = json!({ "severity": severity(f.severity) });
    if let Some(s) = &f.score {
        rating["source"] = json!({ "name": s.source });
        if let Some(b) = s.base_score {
            rating["score"] = json!(b);
        }
        rating["method"] = json!(method(s.cvss_version.as_deref()));
        if let Some(vec) = &s.vector {
            rating["vector"] = json!(vec);
        }
    }
    // The chosen rating first, then every published score (CycloneDX
    // ratings name their source and method).
    let mut ratings = vec![rating];
    for sc in &f.scores {
        let mut r = json!({
            "source": { "name": sc.source },
            "score": sc.base_score,
            "method": method(Some(sc.version.as_str())),
            "justification": format!("{} score for {}", sc.origin, sc.id),
        });
        if let Some(vec) = &sc.vector {
            r["vector"] = json!(vec);
        }
        ratings.push(r);
    }
    v["ratings"] = json!(ratings);
    let mut props = Vec::new();
    if let Some(k) = &f.kev {
        props.push(json!({"name": "bosun:kev:dateAdded", "value": k.date_added}));
        props.push(json!({"name": "bosun:kev:ransomware", "value": k.ransomware.to_string()}));
    }
    if let Some(e) = &f.epss {
        props.push(json!({"name": "bosun:epss:score", "value": e.score.to_string()}));
        props.push(json!({"name": "bosun:epss:percentile", "value": e.percentile.to_string()}));
    }
    if let Some(w) = &f.will_not_fix {
        props.push(json!({"name": "bosun:willNotFix", "value": w}));
    }
    if !props.is_empty() {
        v["properties"] = json!(props);
    }
    if let Some(s) = &f.summary {
        v["description"] = json!(s);
    }
    if let Some(u) = &f.url {
        v["advisories"] = json!([{ "url": u }]);
    }
    let recommendation = match f.status {
        FixStatus::Fixed => format!(
            "Upgrade {} to {}",
            f.package.name,
            f.fixed_versions.join(" or ")
        ),
        FixStatus::Unfixed => "No fixed version is published".to_owned(),
    };
    v["recommendation"] = json!(recommendation);
    v["affects"] = json!([{
        "ref": bom_ref,
        "versions": [{ "version": f.package.version, "status": "affected" }],
    }]);
    let mut props = vec![json!({ "name": "bosun:status", "value": match f.status {
        FixStatus::Fixed => "fixed",
        FixStatus::Unfixed => "unfixed",
    }})];
    for fv in &f.fixed_versions {
        props.push(json!({ "name": "bosun:fixedVersion", "value": fv }));
    }
    if let Some(l) = &f.layer {
        props.push(json!({ "name": "bosun:layer:introduced:index", "value": l.index.to_string() }));
    }
    if let Some(c) = &f.created_by {
        props.push(json!({ "name": "bosun:layer:introduced:createdBy", "value": c }));
    }
    v["properties"] = json!(props);
    if let Some(s) = &f.suppressed {
        let state = if s.status == "fixed" {
            "resolved"
        } else {
            "not_affected"
        };
        let mut detail = format!("{} by {} ({})", s.status, s.kind, s.source);
        if let Some(j) = &s.justification {
            detail.push_str(&format!(": {j}"));
        }
        if let Some(e) = &s.expires {
            detail.push_str(&format!("; expires {e}"));
        }
        let mut a = json!({ "state": state, "detail": detail });
        if let Some(j) = s.justification.as_deref().and_then(justification) {
            a["justification"] = json!(j);
        }
        v["analysis"] = a;
    }
    v
}

pub(super) fn render(report: &Report, sbom: &Sbom, opts: &Options) -> Result<String, crate::Error> {
    let refs = refs(sbom);
    let mut by_purl: HashMap<&str, &str> = HashMap::new();
    let mut by_id: HashMap<(&str, &str, &str), &str> = HashMap::new();
    for (p, r) in sbom.packages.iter().zip(&refs) {
        if !p.purl.is_empty() {
            by_purl.entry(p.purl.as_str()).or_insert(r);
        }
        by_id
            .entry((p.kind.as_str(), p.name.as_str(), p.version.as_str()))
            .or_insert(r);
    }
    let mut doc = document(
        sbom,
        &SbomOptions {
            created: opts.created.clone(),
        },
    );
    doc.vulnerabilities = sorted(report)
        .into_iter()
        .enumerate()
        .map(|(n, f)| {
            let p = &f.package;
            let r = by_purl
                .get(p.purl.as_str())
                .or_else(|| by_id.get(&(p.kind.as_str(), p.name.as_str(), p.version.as_str())))
                .copied()
                .unwrap_or(p.purl.as_str());
            vulnerability(f, r, n)
        })
        .collect();
    crate::error::to_json("CycloneDX", &doc)
}

#[cfg(test)]
mod tests {
    use crate::scan::fixtures;

    #[test]
    fn snapshot() {
        let sbom = crate::sbom::fixtures::sbom();
        let text = super::render(&fixtures::report(), &sbom, &fixtures::opts()).unwrap();
        insta::assert_snapshot!(text);
    }

    #[test]
    fn affects_point_at_components() {
        let sbom = crate::sbom::fixtures::sbom();
        let text = super::render(&fixtures::report(), &sbom, &fixtures::opts()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let refs: Vec<&str> = v["components"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["bom-ref"].as_str().unwrap())
            .collect();
        for vuln in v["vulnerabilities"].as_array().unwrap() {
            let r = vuln["affects"][0]["ref"].as_str().unwrap();
            assert!(refs.contains(&r), "{r} not in {refs:?}");
        }
    }
}
