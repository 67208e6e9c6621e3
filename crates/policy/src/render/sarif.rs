//! The SARIF verdict (2.1.0, as GitHub code scanning reads it): each
//! policy rule is a reporting descriptor, each piece of evidence of a
//! failing rule a result at the action's level (`stop` → error, `warn` →
//! warning, `go` → note). A result points at the file in the image the
//! evidence names, or at the image itself; its fingerprint is stable
//! across runs so code scanning tracks it. Allowed evidence is written as
//! suppressed results, so the exception stays visible.

use std::collections::BTreeMap;

use bosun_report::sarif::SCHEMA;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use crate::file::Action;
use crate::verdict::{Evidence, RuleResult, Status, Verdict};

fn level(a: Action) -> &'static str {
    match a {
        Action::Stop => "error",
        Action::Warn => "warning",
        Action::Go => "note",
    }
}

fn rule(r: &RuleResult) -> Value {
    json!({
        "id": r.id,
        "name": r.kind,
        "shortDescription": { "text": r.message },
        "fullDescription": { "text": format!("{} (policy rule of kind {}, action {})", r.message, r.kind, r.action.as_str()) },
        "defaultConfiguration": { "level": level(r.action) },
        "properties": { "kind": r.kind, "action": r.action.as_str() },
    })
}

fn uri(e: &Evidence) -> String {
    let p = e.path.as_deref().unwrap_or("").trim_start_matches('/');
    let p = if p.is_empty() { "image" } else { p };
    // Code scanning wants a relative URI reference: escape what would end it.
    p.chars()
        .map(|c| match c {
            ' ' => "%20".to_owned(),
            '#' => "%23".to_owned(),
            '?' => "%3F".to_owned(),
            '%' => "%25".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

fn result(
    v: &Verdict,
    platform: Option<&str>,
    r: &RuleResult,
    index: usize,
    e: &Evidence,
    suppression: Option<String>,
) -> Value {
    let mut h = Sha256::new();
    for part in [&r.id, &e.subject, platform.unwrap_or("")] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    let fp: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut text = format!("{}: {}", r.message, e.subject);
    if let Some(p) = platform {
        text.push_str(&format!(" [{p}]"));
    }
    // Code scanning wants a region; evidence in an image file has no line.
    let region = json!({ "startLine": e.line.unwrap_or(1).max(1) });
    let mut props = json!({
        "image": v.reference,
        "action": r.action.as_str(),
    });
    for (k, val) in [
        ("vulnerability", &e.vulnerability),
        ("package", &e.package),
        ("installedVersion", &e.version),
        ("purl", &e.purl),
        ("severity", &e.severity),
    ] {
        if let Some(x) = val {
            props[k] = json!(x);
        }
    }
    if let Some(p) = platform {
        props["platform"] = json!(p);
    }
    if let Some(s) = &e.score {
        props["score"] = json!(s);
    }
    if let Some(l) = e.layer {
        props["layer"] = json!(l);
    }
    let mut out = json!({
        "ruleId": r.id,
        "ruleIndex": index,
        "level": level(r.action),
        "message": { "text": text },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(e) },
                "region": region,
            },
        }],
        "partialFingerprints": { "bosun/verdict/v1": fp },
        "properties": props,
    });
    if let Some(j) = suppression {
        out["suppressions"] = json!([{ "kind": "external", "justification": j }]);
    }
    out
}

pub(super) fn render(v: &Verdict) -> Value {
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    let mut results = Vec::new();
    let several = v.platforms.len() > 1;
    for p in &v.platforms {
        let platform = p.image.platform.as_deref().filter(|_| several);
        for r in &p.rules {
            let i = *index.entry(r.id.as_str()).or_insert_with(|| {
                rules.push(rule(r));
                rules.len() - 1
            });
            if r.status == Status::Fail {
                for e in &r.evidence {
                    results.push(result(v, platform, r, i, e, None));
                }
            }
            for a in &r.allowed {
                let j = format!(
                    "allowlisted by {} until {}: {}",
                    a.entry.owner, a.entry.expires, a.entry.reason
                );
                results.push(result(v, platform, r, i, &a.evidence, Some(j)));
            }
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "bosun",
                "version": v.bosun_version,
                "informationUri": "https://example.invalid/bosun",
                "rules": rules,
            }},
            "results": results,
            "properties": {
                "verdict": v.verdict.as_str(),
                "image": v.reference,
                "policy": v.policy.file,
                "policySha256": v.policy.sha256,
            },
        }],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v = super::super::fixtures::verdict();
        insta::assert_snapshot!(super::super::render(&v, super::super::VerdictFormat::Sarif));
    }
}
