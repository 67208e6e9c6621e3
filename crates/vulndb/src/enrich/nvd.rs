//! NVD CVE API 2.0 JSON: a feed file (`{"vulnerabilities":[{"cve":{…}},
//! …]}`, also an API response page) or one record (`{"cve":{…}}`).
//!
//! Every metric of `metrics.cvssMetricV2`, `V30`, `V31` and `V40` is kept
//! with its `source` and `type`: `Primary` is NVD's own assessment,
//! `Secondary` a score NVD took over from the CNA (so its origin is
//! [`Origin::Cna`]). A feed is streamed: the `vulnerabilities` array is
//! read one element at a time, so a year's feed (hundreds of megabytes)
//! never sits in memory.

use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

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

struct Reader<'s, 'a> {
    file: &'s str,
    sink: &'s mut Sink<'a>,
    /// An error of the sink, which stops the parse.
    failed: Option<Error>,
    /// Whether a `cve` or `vulnerabilities` key was seen.
    recognised: bool,
}

impl Reader<'_, '_> {
    fn emit<E: serde::de::Error>(&mut self, item: Result<CveScores, Malformed>) -> Result<(), E> {
        if let Err(e) = (self.sink)(item.map(Item::Scores)) {
            self.failed = Some(e);
            return Err(E::custom("stopped"));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for &mut Reader<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an NVD API 2.0 feed or CVE record object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "cve" => {
                    self.recognised = true;
                    let raw: Box<RawValue> = map.next_value()?;
                    let item = parse_element(raw.get().as_bytes(), true, self.file);
                    self.emit(item)?;
                }
                "vulnerabilities" => {
                    self.recognised = true;
                    map.next_value_seed(Elements(&mut *self))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

struct Elements<'r, 's, 'a>(&'r mut Reader<'s, 'a>);

impl<'de> DeserializeSeed<'de> for Elements<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Elements<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of {\"cve\": …} objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        // One element at a time: the raw text is parsed from a slice
        // (faster than from the stream) and a bad element costs only
        // itself.
        while let Some(raw) = seq.next_element::<Box<RawValue>>()? {
            let item = parse_element(raw.get().as_bytes(), false, self.0.file);
            self.0.emit(item)?;
        }
        Ok(())
    }
}

/// Reads an NVD feed or record from `reader`, streaming.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let mut r = Reader {
        file: name,
        sink,
        failed: None,
        recognised: false,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = serde::Deserializer::deserialize_map(&mut de, &mut r);
    if let Some(e) = r.failed.take() {
        return Err(e);
    }
    parsed
        .and_then(|()| de.end())
        .map_err(|e| bad_file(name, format!("not NVD CVE API 2.0 JSON: {e}")))?;
    if !r.recognised {
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
