//! NVD CVE API 2.0 JSON: a feed file (`{"vulnerabilities":[{"cve":{…}},
//! …]}`, also an API response page) or one record (`{"cve":{…}}`).
//!
//! Every metric of `metrics.cvssMetricV2`, `V30`, `V31` and `V40` is kept
//! with its `source` and `type`: `Primary` is NVD's own assessment,
//! `Secondary` a score NVD took over from the CNA (so its origin is
//! [`Origin::Cna`]). A feed is streamed: the `vulnerabilities` array is
//! read one element at a time, so a year's feed (hundreds of megabytes)
//! never sits in memory.

use std::io::BufRead;

use serde::Deserialize;

use super::split::{Member, split};
use super::{CveScores, CvssScore, FileFacts, Item, Origin, Sink, bad_file, base_score, is_cve};
use crate::error::{Error, Result};
use crate::ingest::Malformed;

#[derive(Deserialize)]
struct Wrapper {
    cve: Cve,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Cve {
    id: String,
    #[serde(default)]
    last_modified: Option<String>,
    #[serde(default)]
    vuln_status: Option<String>,
    #[serde(default)]
    metrics: Metrics,
}

#[derive(Deserialize, Default)]
struct Metrics {
    #[serde(rename = "cvssMetricV2", default)]
    v2: Vec<Metric>,
    #[serde(rename = "cvssMetricV30", default)]
    v30: Vec<Metric>,
    #[serde(rename = "cvssMetricV31", default)]
    v31: Vec<Metric>,
    #[serde(rename = "cvssMetricV40", default)]
    v40: Vec<Metric>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Metric {
    #[serde(default)]
    source: Option<String>,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    cvss_data: Data,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Data {
    #[serde(default)]
    vector_string: Option<String>,
    base_score: f64,
}

/// Converts one parsed record. Metrics whose score is out of range are
/// left out (a score bosun cannot trust must not decide a gate).
fn convert(cve: Cve) -> CveScores {
    let mut scores = Vec::new();
    let m = cve.metrics;
    for (version, list) in [
        ("2.0", m.v2),
        ("3.0", m.v30),
        ("3.1", m.v31),
        ("4.0", m.v40),
    ] {
        for metric in list {
            let Some(score) = base_score(metric.cvss_data.base_score) else {
                continue;
            };
            let secondary = metric
                .kind
                .as_deref()
                .is_some_and(|k| k.eq_ignore_ascii_case("secondary"));
            scores.push(CvssScore {
                id: cve.id.clone(),
                source: metric.source.unwrap_or_else(|| "nvd@nist.gov".to_owned()),
                origin: if secondary { Origin::Cna } else { Origin::Nvd },
                version: version.to_owned(),
                vector: metric.cvss_data.vector_string,
                base_score: score,
                kind: metric.kind,
            });
        }
    }
    CveScores {
        rejected: cve
            .vuln_status
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("rejected")),
        cve: cve.id,
        modified: cve.last_modified,
        scores,
    }
}

/// Parses one `{"cve":{…}}` element (or, with `bare`, the `cve` object
/// itself).
fn parse_element(bytes: &[u8], bare: bool, file: &str) -> Result<CveScores, Malformed> {
    let parsed = if bare {
        serde_json::from_slice::<Cve>(bytes)
    } else {
        serde_json::from_slice::<Wrapper>(bytes).map(|w| w.cve)
    };
    match parsed {
        Ok(cve) if is_cve(&cve.id) => Ok(convert(cve)),
        Ok(cve) => Err(Malformed {
            file: file.to_owned(),
            reason: format!("{:?} is not a CVE id", cve.id),
            id: Some(cve.id),
        }),
        Err(e) => Err(Malformed {
            file: file.to_owned(),
            id: None,
            reason: format!("not an NVD CVE record: {e}"),
        }),
    }
}

/// Reads an NVD API 2.0 feed (`{"vulnerabilities": [{"cve": …}, …]}`) or
/// one CVE record (`{"cve": …}`), one record at a time.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let mut failed: Option<Error> = None;
    let mut recognised = false;
    let choose = |key: &[u8]| match key {
        b"vulnerabilities" => Member::Elements,
        b"cve" => Member::Whole,
        _ => Member::Skip,
    };
    let walked = split(reader, &choose, &mut |key, bytes| {
        recognised = true;
        let item = parse_element(bytes, key == b"cve", name);
        sink(item.map(Item::Scores)).map_err(|e| failed = Some(e))
    });
    if let Some(e) = failed {
        return Err(e);
    }
    walked.map_err(|e| bad_file(name, format!("not NVD CVE API 2.0 JSON: {e}")))?;
    if !recognised {
        return Err(bad_file(
            name,
            "not NVD CVE API 2.0 JSON: neither a \"vulnerabilities\" array nor a \"cve\" record",
        ));
    }
    Ok(FileFacts::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> Result<Vec<Result<Item, Malformed>>> {
        let mut out = Vec::new();
        read(&mut text.as_bytes(), "t.json", &mut |i| {
            out.push(i);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn feed_with_bad_element_keeps_the_rest() {
        let text = r#"{"format":"NVD_CVE","vulnerabilities":[
            {"cve":{"id":"CVE-2020-0001","metrics":{"cvssMetricV31":[{"source":"nvd@nist.gov","type":"Primary","cvssData":{"version":"3.1","vectorString":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H","baseScore":9.8}},
                {"source":"cna@example.org","type":"Secondary","cvssData":{"baseScore":11.0}}]}}},
            {"cve":{"id":42}},
            {"cve":{"id":"CVE-2020-0002","vulnStatus":"Rejected"}}]}"#;
        let items = collect(text).unwrap();
        assert_eq!(items.len(), 3);
        let Ok(Item::Scores(first)) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(first.scores.len(), 1, "the out-of-range score is dropped");
        assert_eq!(first.scores[0].origin, Origin::Nvd);
        assert!(items[1].is_err());
        assert!(matches!(&items[2], Ok(Item::Scores(s)) if s.rejected));
    }

    #[test]
    fn truncated_or_foreign_files_fail_naming_the_file() {
        let e = collect(r#"{"vulnerabilities":[{"cve":{"id":"CVE-2020-0001"}}"#).unwrap_err();
        assert!(e.to_string().starts_with("t.json: "), "{e}");
        assert!(collect(r#"{"id":"x"}"#).is_err());
        assert!(collect("[1,2]").is_err());
    }
}
