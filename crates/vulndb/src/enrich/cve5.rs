//! CVE List 5.x records (CVE JSON 5.0/5.1, as `cvelistV5` and CISA's
//! Vulnrichment publish them): the CNA's metrics
//! (`containers.cna.metrics[]`) and each ADP's (`containers.adp[].metrics[]`,
//! CISA-ADP's Vulnrichment scores among them), every `cvssV2_0`,
//! `cvssV3_0`, `cvssV3_1` and `cvssV4_0` object.
//!
//! A record is one small file, read whole (up to [`MAX_RECORD_BYTES`]).

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;
use serde_json::Value;

use super::{
    CveScores, CvssScore, FileFacts, Item, Origin, Sink, base_score, cvss_version, is_cve,
    read_limited,
};
use crate::error::Result;
use crate::ingest::Malformed;

/// The largest record accepted.
pub const MAX_RECORD_BYTES: u64 = 16 << 20;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Record {
    cve_metadata: Metadata,
    #[serde(default)]
    containers: Containers,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metadata {
    cve_id: String,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    date_updated: Option<String>,
    #[serde(default)]
    assigner_short_name: Option<String>,
}

#[derive(Deserialize, Default)]
struct Containers {
    #[serde(default)]
    cna: Option<Container>,
    #[serde(default)]
    adp: Vec<Container>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Container {
    #[serde(default)]
    provider_metadata: Option<Provider>,
    #[serde(default)]
    metrics: Vec<BTreeMap<String, Value>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Provider {
    #[serde(default)]
    short_name: Option<String>,
    #[serde(default)]
    org_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cvss {
    #[serde(default)]
    vector_string: Option<String>,
    base_score: f64,
}

fn provider_name(c: &Container, fallback: Option<&str>, default: &str) -> String {
    c.provider_metadata
        .as_ref()
        .and_then(|p| p.short_name.clone().or_else(|| p.org_id.clone()))
        .or_else(|| fallback.map(str::to_owned))
        .unwrap_or_else(|| default.to_owned())
}

/// The CVSS objects of one container's metrics.
fn scores_of(c: &Container, cve: &str, source: &str, origin: Origin, out: &mut Vec<CvssScore>) {
    for metric in &c.metrics {
        for (key, value) in metric {
            if !key.starts_with("cvssV") {
                continue;
            }
            let Some(version) = cvss_version(key) else {
                continue;
            };
            let Ok(cvss) = Cvss::deserialize(value) else {
                continue;
            };
            let Some(score) = base_score(cvss.base_score) else {
                continue;
            };
            out.push(CvssScore {
                id: cve.to_owned(),
                source: source.to_owned(),
                origin,
                version: version.to_owned(),
                vector: cvss.vector_string,
                base_score: score,
                kind: None,
            });
        }
    }
}

/// Parses one record.
pub fn parse_record(bytes: &[u8], file: &str) -> Result<CveScores, Malformed> {
    let bad = |id: Option<String>, reason: String| Malformed {
        file: file.to_owned(),
        id,
        reason,
    };
    let rec: Record = serde_json::from_slice(bytes)
        .map_err(|e| bad(None, format!("not a CVE JSON 5 record: {e}")))?;
    let cve = rec.cve_metadata.cve_id;
    if !is_cve(&cve) {
        return Err(bad(Some(cve.clone()), format!("{cve:?} is not a CVE id")));
    }
    let mut scores = Vec::new();
    if let Some(cna) = &rec.containers.cna {
        let name = provider_name(cna, rec.cve_metadata.assigner_short_name.as_deref(), "cna");
        scores_of(cna, &cve, &name, Origin::Cna, &mut scores);
    }
    for adp in &rec.containers.adp {
        let name = provider_name(adp, None, "adp");
        scores_of(adp, &cve, &name, Origin::Adp, &mut scores);
    }
    Ok(CveScores {
        rejected: rec
            .cve_metadata
            .state
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("rejected")),
        cve,
        modified: rec.cve_metadata.date_updated,
        scores,
    })
}

/// Reads one record file.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let bytes = read_limited(reader, name, MAX_RECORD_BYTES)?;
    sink(parse_record(&bytes, name).map(Item::Scores))?;
    Ok(FileFacts::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cna_and_adp_metrics() {
        let text = r#"{"dataType":"CVE_RECORD","cveMetadata":{"cveId":"CVE-2024-0001","state":"PUBLISHED","assignerShortName":"acme"},
          "containers":{"cna":{"metrics":[{"cvssV4_0":{"version":"4.0","vectorString":"CVSS:4.0/AV:N","baseScore":9.3}},{"other":{"type":"x"}}]},
          "adp":[{"providerMetadata":{"shortName":"CISA-ADP"},"metrics":[{"cvssV3_1":{"baseScore":7.5,"vectorString":"CVSS:3.1/AV:N"}},{"cvssV3_1":{"baseScore":"high"}}]}]}}"#;
        let r = parse_record(text.as_bytes(), "f").unwrap();
        assert_eq!(r.scores.len(), 2);
        assert_eq!(r.scores[0].source, "acme");
        assert_eq!(r.scores[0].origin, Origin::Cna);
        assert_eq!(r.scores[0].version, "4.0");
        assert_eq!(r.scores[1].source, "CISA-ADP");
        assert_eq!(r.scores[1].origin, Origin::Adp);
        assert!(parse_record(b"{}", "f").is_err());
    }
}
