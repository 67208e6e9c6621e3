//! SARIF 2.1.0 as GitHub code scanning reads it: one rule per
//! vulnerability id carrying `security-severity` (the CVSS score, else a
//! value inside the severity's band) and a `help` text, one result per
//! (vulnerability, package) located at the package's database or
//! manifest file in the image. Suppressed findings keep their result with
//! a `suppressions` entry, so code scanning shows them as dismissed.
//! Secrets are results of `secret/<rule>` rules at their file and line,
//! with the masked value only. Image checks are results of
//! `config/<code>` rules at the file they are about (`image` for the
//! configuration), with the layer and history step.

use std::collections::BTreeMap;

use bosun_types::check::ConfigFinding;
use bosun_types::{Finding, FixStatus, Report, SecretFinding, Severity, Suppression};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{severity_name, sorted};
use crate::sarif::{SCHEMA, path_to_uri};

/// GitHub maps `security-severity` to its labels by these bands
/// (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0).
fn security_severity(f: &Finding) -> String {
    if let Some(score) = f.score.as_ref().and_then(|s| s.base_score) {
        return format!("{score:.1}");
    }
    band(f.severity).into()
}

/// A result's `partialFingerprints` value: the first 16 bytes of the
/// SHA-256 of `parts` joined by NUL, in hex, so code scanning follows a
/// result from run to run.
fn fingerprint(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            h.update([0]);
        }
        h.update(part);
    }
    h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// SARIF's `suppressions` for a finding an ignore entry or VEX excused.
fn suppressions(s: &Suppression) -> Value {
    let mut just = format!("{} ({}: {})", s.status, s.kind, s.source);
    if let Some(j) = &s.justification {
        just.push_str(&format!(": {j}"));
    }
    json!([{ "kind": "external", "justification": just }])
}

/// A `security-severity` inside the severity's band, for results without
/// a score.
fn band(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
        Severity::Negligible | Severity::Unknown => "0.0",
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Negligible | Severity::Unknown => "note",
    }
}

fn fixed(f: &Finding) -> String {
    match f.status {
        FixStatus::Fixed => f.fixed_versions.join(", "),
        FixStatus::Unfixed => "no fix available".into(),
    }
}

fn rule(f: &Finding) -> Value {
    let title = f.summary.clone().unwrap_or_else(|| f.id.clone());
    let ids = std::iter::once(f.id.as_str())
        .chain(f.aliases.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(", ");
    let text = format!(
        "{title}\nIds: {ids}\nSeverity: {}\nPackage: {} {}\nFixed in: {}\n{}",
        severity_name(f.severity),
        f.package.name,
        f.package.version,
        fixed(f),
        f.url.as_deref().unwrap_or("")
    );
    let mut markdown = format!(
        "**{}**: {title}\n\n| Package | Installed | Fixed in | Severity |\n| --- | --- | --- | --- |\n| {} | {} | {} | {} |\n\nIds: {ids}\n",
        f.id,
        f.package.name,
        f.package.version,
        fixed(f),
        severity_name(f.severity)
    );
    if let Some(u) = &f.url {
        markdown.push_str(&format!("\n[Advisory]({u})\n"));
    }
    let mut r = json!({
        "id": f.id,
        "name": f.id,
        "shortDescription": { "text": format!("{}: {title}", f.id) },
        "fullDescription": { "text": title },
        "help": { "text": text.trim_end(), "markdown": markdown },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "security-severity": security_severity(f),
            "tags": ["security", "vulnerability", severity_name(f.severity)],
        },
    });
    if let Some(u) = &f.url {
        r["helpUri"] = json!(u);
    }
    r
}

fn result(f: &Finding, rule_index: usize) -> Value {
    let path = f
        .package
        .paths
        .first()
        .map(|p| p.trim_start_matches('/'))
        .unwrap_or("");
    let mut msg = format!(
        "{} {} ({}) is affected by {} ({}); fixed in: {}.",
        f.package.name,
        f.package.version,
        f.package.kind,
        f.id,
        severity_name(f.severity),
        fixed(f)
    );
    if let Some(l) = &f.layer {
        msg.push_str(&format!(" Installed by layer {}", l.index));
        if let Some(c) = &f.created_by {
            msg.push_str(&format!(": {c}"));
        }
        msg.push('.');
    }
    let fp = fingerprint(&[f.id.as_bytes(), f.package.purl.as_bytes()]);
    let mut r = json!({
        "ruleId": f.id,
        "ruleIndex": rule_index,
        "level": level(f.severity),
        "message": { "text": msg },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": path_to_uri(if path.is_empty() { "image" } else { path }) },
                // Code scanning wants a region; a package database has no line of its own.
                "region": { "startLine": 1 },
            },
            "message": { "text": f.package.purl },
        }],
        "partialFingerprints": { "bosun/v1": fp },
        "properties": {
            "purl": f.package.purl,
            "installedVersion": f.package.version,
            "fixedVersions": f.fixed_versions,
            "aliases": f.aliases,
        },
    });
    // Every published score, the KEV entry and EPSS, so a consumer can
    // apply its own precedence.
    if !f.scores.is_empty() {
        r["properties"]["scores"] = json!(f.scores);
    }
    if let Some(rule) = f.severity_rule {
        r["properties"]["severityRule"] = json!(rule);
    }
    if let Some(k) = &f.kev {
        r["properties"]["kev"] = json!(k);
    }
    if let Some(e) = &f.epss {
        r["properties"]["epss"] = json!(e);
    }
    if let Some(w) = &f.will_not_fix {
        r["properties"]["willNotFix"] = json!(w);
    }
    if let Some(l) = &f.layer {
        r["properties"]["layer"] = json!(l.index);
        if let Some(d) = l.diff_id.as_deref().or(l.digest.as_deref()) {
            r["properties"]["layerDigest"] = json!(d);
        }
    }
    if let Some(s) = &f.suppressed {
        r["suppressions"] = suppressions(s);
    }
    r
}

/// A secret rule: ids are prefixed `secret/` so they never collide with a
/// vulnerability id.
fn secret_rule(f: &SecretFinding, id: &str) -> Value {
    json!({
        "id": id,
        "name": f.rule,
        "shortDescription": { "text": f.title },
        "fullDescription": { "text": format!("{} found in the image", f.title) },
        "help": { "text": "Remove the secret from the image (every layer that holds it) and rotate it: anyone who pulls the image can read it." },
        "properties": {
            "security-severity": band(f.severity),
            "tags": ["security", "secret"],
        },
    })
}

/// A secret result at its file and line, with the masked value only.
fn secret_result(f: &SecretFinding, id: &str, rule_index: usize) -> Value {
    let mut msg = format!("{} ({}) in {}", f.title, f.masked, f.file);
    if let Some(l) = f.layer {
        msg.push_str(&format!(", layer {l}"));
    }
    if let Some(m) = f.removed_in {
        msg.push_str(&format!("; removed in layer {m} but still readable"));
    }
    let fp = fingerprint(&[
        f.rule.as_bytes(),
        f.file.as_bytes(),
        f.masked.as_bytes(),
        &f.line.to_le_bytes(),
    ]);
    let mut r = file_result(
        (id, rule_index),
        f.severity,
        msg,
        (path_to_uri(&f.file), u64::from(f.line.max(1))),
        fp,
        (f.layer, f.layer_digest.as_deref()),
        f.suppressed.as_ref(),
    );
    r["properties"]["masked"] = json!(f.masked);
    if let Some(m) = f.removed_in {
        r["properties"]["removedIn"] = json!(m);
    }
    r
}

/// A result at a file of the image (secrets, image checks): where, the
/// layer that put it there, and the suppression if any.
fn file_result(
    (id, rule_index): (&str, usize),
    severity: Severity,
    message: String,
    (uri, line): (String, u64),
    fp: String,
    (layer, layer_digest): (Option<usize>, Option<&str>),
    suppressed: Option<&Suppression>,
) -> Value {
    let mut r = json!({
        "ruleId": id,
        "ruleIndex": rule_index,
        "level": level(severity),
        "message": { "text": message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": { "startLine": line },
            },
        }],
        "partialFingerprints": { "bosun/v1": fp },
        "properties": {},
    });
    if let Some(l) = layer {
        r["properties"]["layer"] = json!(l);
    }
    if let Some(d) = layer_digest {
        r["properties"]["layerDigest"] = json!(d);
    }
    if let Some(s) = suppressed {
        r["suppressions"] = suppressions(s);
    }
    r
}

/// An image check's rule. Dockle's codes link to Dockle's checkpoint
/// list, where the check means the same.
fn config_rule(f: &ConfigFinding, id: &str) -> Value {
    let text = format!(
        "{}. `bosun scan --explain {}` says why it matters and how to fix it.",
        f.title, f.code
    );
    let mut r = json!({
        "id": id,
        "name": f.code,
        "shortDescription": { "text": format!("{}: {}", f.code, f.title) },
        "fullDescription": { "text": f.title },
        "help": { "text": text, "markdown": text },
        "defaultConfiguration": { "level": level(f.severity) },
        "properties": {
            "security-severity": band(f.severity),
            "tags": ["security", "configuration", severity_name(f.severity)],
        },
    });
    if f.code.starts_with("CIS-") || f.code.starts_with("DKL-") {
        r["helpUri"] = json!(format!(
            "https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#{}",
            f.code.to_ascii_lowercase()
        ));
    }
    r
}

/// An image check's result at its file, or at `image` when it is about
/// the configuration.
fn config_result(f: &ConfigFinding, id: &str, rule_index: usize) -> Value {
    let mut msg = f.message.clone();
    if let Some(l) = f.layer {
        msg.push_str(&format!(" (layer {l}"));
        if let Some(h) = &f.history {
            msg.push_str(&format!(": {h}"));
        }
        msg.push(')');
    }
    let uri = if f.file == "config" || f.file.is_empty() {
        "image".to_owned()
    } else {
        path_to_uri(f.file.trim_start_matches('/'))
    };
    let fp = fingerprint(&[f.code.as_bytes(), f.file.as_bytes(), f.message.as_bytes()]);
    let mut r = file_result(
        (id, rule_index),
        f.severity,
        msg,
        (uri, 1),
        fp,
        (f.layer, f.layer_digest.as_deref()),
        f.suppressed.as_ref(),
    );
    r["properties"]["code"] = json!(f.code);
    if let Some(hist) = &f.history {
        r["properties"]["createdBy"] = json!(hist);
    }
    r
}

pub(super) fn render(report: &Report) -> Result<String, crate::Error> {
    let findings = sorted(report);
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules = Vec::new();
    let mut results = Vec::new();
    for f in findings {
        let i = *index.entry(f.id.as_str()).or_insert_with(|| {
            rules.push(rule(f));
            rules.len() - 1
        });
        results.push(result(f, i));
    }
    let mut secret_index: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.secrets {
        let id = format!("secret/{}", f.rule);
        let i = *secret_index.entry(f.rule.as_str()).or_insert_with(|| {
            rules.push(secret_rule(f, &id));
            rules.len() - 1
        });
        results.push(secret_result(f, &id, i));
    }
    let mut config_index: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &report.config {
        let id = format!("config/{}", f.code);
        let i = *config_index.entry(f.code.as_str()).or_insert_with(|| {
            rules.push(config_rule(f, &id));
            rules.len() - 1
        });
        results.push(config_result(f, &id, i));
    }
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "bosun",
                "version": report.tool_version,
                "informationUri": "https://example.invalid/bosun",
                "rules": rules,
            }},
            "results": results,
            "properties": { "image": report.image.reference },
        }],
    });
    crate::error::to_json("SARIF", &log)
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let r = crate::scan::fixtures::report();
        insta::assert_snapshot!(super::render(&r).unwrap());
    }
}
