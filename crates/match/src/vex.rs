//! VEX documents as input: OpenVEX (0.0.x and 0.2.0) and CycloneDX VEX
//! (a CycloneDX BOM whose `vulnerabilities` carry an `analysis`).
//!
//! Statements whose status is `not_affected` (CycloneDX: `not_affected`,
//! `false_positive`) or `fixed` (`resolved`, `resolved_with_pedigree`)
//! suppress the findings they name; `affected`/`exploitable` and
//! `under_investigation`/`in_triage` suppress nothing. When several
//! statements name the same finding the latest wins (by `timestamp` where
//! both have one, else document order), as OpenVEX specifies.
//!
//! A statement names a finding when its vulnerability (or an alias) is one
//! of the finding's ids, and one of its products or subcomponents is the
//! package's PURL (a PURL without version names every version). A product
//! that identifies the image itself (its reference, a digest, or a
//! `pkg:oci` PURL with its digest) and has no subcomponents names every
//! package in it; a statement without products names everything.

use std::path::Path;

use serde_json::Value;

use crate::error::Error;
use bosun_types::finding::{Finding, Report};
use bosun_types::purl;

/// The document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VexFormat {
    /// OpenVEX.
    OpenVex,
    /// CycloneDX VEX.
    CycloneDx,
}

/// A statement's status, in OpenVEX terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VexStatus {
    /// Not affected (suppresses).
    NotAffected,
    /// Fixed (suppresses).
    Fixed,
    /// Affected.
    Affected,
    /// Under investigation.
    UnderInvestigation,
}

impl VexStatus {
    /// The OpenVEX name.
    pub fn as_str(self) -> &'static str {
        match self {
            VexStatus::NotAffected => "not_affected",
            VexStatus::Fixed => "fixed",
            VexStatus::Affected => "affected",
            VexStatus::UnderInvestigation => "under_investigation",
        }
    }

    /// Whether findings it names are suppressed.
    pub fn suppresses(self) -> bool {
        matches!(self, VexStatus::NotAffected | VexStatus::Fixed)
    }
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexStatement {
    /// The vulnerability id and its aliases.
    pub vulnerabilities: Vec<String>,
    /// Product identifiers (PURLs, image references, bom-refs resolved to
    /// PURLs where the document says).
    pub products: Vec<String>,
    /// Subcomponent identifiers (OpenVEX).
    pub subcomponents: Vec<String>,
    /// The status.
    pub status: VexStatus,
    /// The justification and impact statement or detail, as one text.
    pub justification: Option<String>,
    /// RFC 3339 time, if given.
    pub timestamp: Option<String>,
}

/// A parsed VEX document.
#[derive(Debug, Clone)]
pub struct Vex {
    /// Where it came from.
    pub source: String,
    /// Its format.
    pub format: VexFormat,
    /// Its statements, in document order.
    pub statements: Vec<VexStatement>,
}

impl Vex {
    /// Reads `path`, detecting the format.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&bytes, &path.display().to_string())
    }

    /// Parses a JSON document; `source` names it in messages.
    pub fn parse(bytes: &[u8], source: &str) -> Result<Self, Error> {
        let err = |message: String| Error::Vex {
            source_name: source.to_owned(),
            message,
        };
        let doc: Value = serde_json::from_slice(bytes).map_err(|e| err(e.to_string()))?;
        let Value::Object(map) = &doc else {
            return Err(err("not a JSON object".to_owned()));
        };
        let (format, statements) =
            if map.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
                (VexFormat::CycloneDx, cyclonedx(&doc).map_err(err)?)
            } else if map
                .get("@context")
                .and_then(Value::as_str)
                .is_some_and(|c| c.contains("openvex"))
                || map.contains_key("statements")
            {
                (VexFormat::OpenVex, openvex(&doc).map_err(err)?)
            } else {
                return Err(err(
                    "neither OpenVEX (@context openvex, statements) nor CycloneDX (bomFormat)"
                        .to_owned(),
                ));
            };
        Ok(Self {
            source: source.to_owned(),
            format,
            statements,
        })
    }
}

fn str_field(v: &Value, k: &str) -> Option<String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// The parts that are present, joined: `justification: detail`.
fn joined<const N: usize>(parts: [Option<String>; N]) -> Option<String> {
    let parts: Vec<String> = parts.into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// `"@id"` and the `identifiers` of an OpenVEX component (a string in
/// 0.0.x documents).
fn component_ids(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.trim().to_owned()],
        Value::Object(_) => {
            let mut ids: Vec<String> = str_field(v, "@id").into_iter().collect();
            if let Some(Value::Object(m)) = v.get("identifiers") {
                ids.extend(m.values().filter_map(Value::as_str).map(str::to_owned));
            }
            ids
        }
        _ => Vec::new(),
    }
}

fn openvex(doc: &Value) -> Result<Vec<VexStatement>, String> {
    let doc_time = str_field(doc, "timestamp");
    let Some(Value::Array(list)) = doc.get("statements") else {
        return Err("`statements` is missing or not a list".to_owned());
    };
    let mut out = Vec::with_capacity(list.len());
    for (i, s) in list.iter().enumerate() {
        let mut vulns = Vec::new();
        match s.get("vulnerability") {
            Some(Value::String(v)) => vulns.push(v.trim().to_owned()),
            Some(v @ Value::Object(_)) => {
                vulns.extend(str_field(v, "name"));
                vulns.extend(str_field(v, "@id"));
                if let Some(Value::Array(a)) = v.get("aliases") {
                    vulns.extend(a.iter().filter_map(Value::as_str).map(str::to_owned));
                }
            }
            _ => {}
        }
        if vulns.is_empty() {
            return Err(format!("statement {}: no vulnerability", i + 1));
        }
        let status = match str_field(s, "status").as_deref() {
            Some("not_affected") => VexStatus::NotAffected,
            Some("fixed") => VexStatus::Fixed,
            Some("affected") => VexStatus::Affected,
            Some("under_investigation") => VexStatus::UnderInvestigation,
            other => return Err(format!("statement {}: unknown status {other:?}", i + 1)),
        };
        let mut products = Vec::new();
        let mut subcomponents = Vec::new();
        if let Some(Value::Array(ps)) = s.get("products") {
            for p in ps {
                products.extend(component_ids(p));
                if let Some(Value::Array(subs)) = p.get("subcomponents") {
                    for c in subs {
                        subcomponents.extend(component_ids(c));
                    }
                }
            }
        }
        // 0.0.x: subcomponents beside products.
        if let Some(Value::Array(subs)) = s.get("subcomponents") {
            for c in subs {
                subcomponents.extend(component_ids(c));
            }
        }
        out.push(VexStatement {
            vulnerabilities: vulns,
            products,
            subcomponents,
            status,
            justification: joined([
                str_field(s, "justification"),
                str_field(s, "impact_statement"),
                str_field(s, "status_notes"),
            ]),
            timestamp: str_field(s, "timestamp").or_else(|| doc_time.clone()),
        });
    }
    Ok(out)
}

fn cyclonedx(doc: &Value) -> Result<Vec<VexStatement>, String> {
    // bom-ref → PURL, for `affects` that point at the document's components.
    let mut refs: Vec<(String, String)> = Vec::new();
    fn walk(v: &Value, refs: &mut Vec<(String, String)>) {
        if let Some(Value::Array(cs)) = v.get("components") {
            for c in cs {
                if let (Some(r), Some(p)) = (str_field(c, "bom-ref"), str_field(c, "purl")) {
                    refs.push((r, p));
                }
                walk(c, refs);
            }
        }
    }
    walk(doc, &mut refs);
    if let Some(m) = doc.get("metadata").and_then(|m| m.get("component"))
        && let (Some(r), Some(p)) = (str_field(m, "bom-ref"), str_field(m, "purl"))
    {
        refs.push((r, p));
    }
    let doc_time = doc.get("metadata").and_then(|m| str_field(m, "timestamp"));
    let list = match doc.get("vulnerabilities") {
        Some(Value::Array(l)) => l.as_slice(),
        None => &[],
        Some(_) => return Err("`vulnerabilities` is not a list".to_owned()),
    };
    let mut out = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let Some(analysis) = v.get("analysis") else {
            continue;
        };
        let mut vulns: Vec<String> = str_field(v, "id").into_iter().collect();
        if let Some(Value::Array(rs)) = v.get("references") {
            vulns.extend(rs.iter().filter_map(|r| str_field(r, "id")));
        }
        if vulns.is_empty() {
            return Err(format!("vulnerability {}: no id", i + 1));
        }
        let status = match str_field(analysis, "state").as_deref() {
            Some("not_affected" | "false_positive") => VexStatus::NotAffected,
            Some("resolved" | "resolved_with_pedigree") => VexStatus::Fixed,
            Some("exploitable") => VexStatus::Affected,
            Some("in_triage") | None => VexStatus::UnderInvestigation,
            Some(other) => {
                return Err(format!(
                    "vulnerability {}: unknown analysis state {other:?}",
                    i + 1
                ));
            }
        };
        let mut products = Vec::new();
        if let Some(Value::Array(affects)) = v.get("affects") {
            for a in affects {
                let Some(r) = str_field(a, "ref") else {
                    continue;
                };
                // A BOM-Link (`urn:cdx:serial/version#bom-ref`) names a
                // component of another BOM by its bom-ref.
                let local = r
                    .rsplit_once('#')
                    .filter(|_| r.starts_with("urn:cdx:"))
                    .map_or(r.as_str(), |(_, b)| b);
                match refs.iter().find(|(br, _)| br == local) {
                    Some((_, p)) => products.push(p.clone()),
                    None => products.push(local.to_owned()),
                }
            }
        }
        out.push(VexStatement {
            vulnerabilities: vulns,
            products,
            subcomponents: Vec::new(),
            status,
            justification: joined([
                str_field(analysis, "justification"),
                str_field(analysis, "detail"),
            ]),
            timestamp: str_field(v, "updated")
                .or_else(|| str_field(v, "published"))
                .or_else(|| doc_time.clone()),
        });
    }
    Ok(out)
}

impl VexStatement {
    /// Whether the statement names finding `f` of `report`'s image.
    pub fn matches(&self, report: &Report, f: &Finding) -> bool {
        let id_hit = self.vulnerabilities.iter().any(|v| {
            f.id.eq_ignore_ascii_case(v)
                || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(v))
                || f.advisories.iter().any(|a| a.eq_ignore_ascii_case(v))
        });
        if !id_hit {
            return false;
        }
        if self.products.is_empty() && self.subcomponents.is_empty() {
            return true;
        }
        let names_pkg = |id: &String| {
            id.starts_with("pkg:")
                && !f.package.purl.is_empty()
                && purl::matches(id, &f.package.purl)
        };
        if self.subcomponents.iter().any(names_pkg) {
            return true;
        }
        if self.products.iter().any(names_pkg) {
            return true;
        }
        self.subcomponents.is_empty() && self.products.iter().any(|p| is_image(report, p))
    }
}

/// Whether a product id identifies the scanned image.
fn is_image(report: &Report, id: &str) -> bool {
    let img = &report.image;
    let digests = [img.manifest_digest.as_deref(), img.config_digest.as_deref()];
    if !img.reference.is_empty() && id == img.reference {
        return true;
    }
    digests.iter().flatten().any(|d| {
        id == *d
            || id.ends_with(&format!("@{d}"))
            || (id.starts_with("pkg:oci/")
                && (id.contains(d) || id.contains(&d.replace(':', "%3A"))))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_formats() {
        let o = Vex::parse(
            br#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[
                {"vulnerability":{"name":"CVE-1","aliases":["GHSA-a"]},
                 "products":[{"@id":"pkg:oci/app","subcomponents":[{"@id":"pkg:pypi/django"}]}],
                 "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
            "o.json",
        )
        .unwrap();
        assert_eq!(o.format, VexFormat::OpenVex);
        assert_eq!(o.statements[0].vulnerabilities, ["CVE-1", "GHSA-a"]);
        assert_eq!(o.statements[0].subcomponents, ["pkg:pypi/django"]);
        let c = Vex::parse(
            br#"{"bomFormat":"CycloneDX","specVersion":"1.6",
                "components":[{"bom-ref":"c1","purl":"pkg:npm/lodash@4.17.15"}],
                "vulnerabilities":[{"id":"CVE-2","affects":[{"ref":"c1"}],
                  "analysis":{"state":"resolved","detail":"patched"}}]}"#,
            "c.json",
        )
        .unwrap();
        assert_eq!(c.format, VexFormat::CycloneDx);
        assert_eq!(c.statements[0].products, ["pkg:npm/lodash@4.17.15"]);
        assert_eq!(c.statements[0].status, VexStatus::Fixed);
        assert_eq!(c.statements[0].justification.as_deref(), Some("patched"));
        assert!(Vex::parse(b"{}", "x").is_err());
        assert!(Vex::parse(b"[", "x").is_err());
    }
}
