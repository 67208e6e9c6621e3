//! CISA's Known Exploited Vulnerabilities catalog
//! (`known_exploited_vulnerabilities.json`: `{"catalogVersion",
//! "dateReleased", "count", "vulnerabilities":[{cveID, dateAdded, dueDate,
//! knownRansomwareCampaignUse, …}]}`). The catalog is about a megabyte and
//! read whole; an import replaces the previous catalog.

use std::io::BufRead;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::{FileFacts, Item, Kev, Sink, bad_file, is_cve, read_limited};
use crate::error::Result;
use crate::ingest::Malformed;

/// The largest catalog accepted (the 2025 catalog is 1.5 MB).
pub const MAX_CATALOG_BYTES: u64 = 256 << 20;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalog<'a> {
    #[serde(default)]
    catalog_version: Option<String>,
    #[serde(default)]
    date_released: Option<String>,
    #[serde(borrow)]
    vulnerabilities: Vec<&'a RawValue>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(rename = "cveID")]
    cve_id: String,
    date_added: String,
    #[serde(default)]
    due_date: Option<String>,
    #[serde(default)]
    known_ransomware_campaign_use: Option<String>,
}

/// Reads the catalog.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let bytes = read_limited(reader, name, MAX_CATALOG_BYTES)?;
    let catalog: Catalog<'_> = serde_json::from_slice(&bytes)
        .map_err(|e| bad_file(name, format!("not a CISA KEV catalog: {e}")))?;
    for raw in catalog.vulnerabilities {
        let item = match serde_json::from_str::<Entry>(raw.get()) {
            Ok(e) if is_cve(&e.cve_id) => Ok(Item::Kev(Kev {
                ransomware: e
                    .known_ransomware_campaign_use
                    .as_deref()
                    .is_some_and(|k| k.eq_ignore_ascii_case("known")),
                id: e.cve_id,
                date_added: e.date_added,
                due_date: e.due_date.filter(|d| !d.is_empty()),
            })),
            Ok(e) => Err(Malformed {
                file: name.to_owned(),
                reason: format!("{:?} is not a CVE id", e.cve_id),
                id: Some(e.cve_id),
            }),
            Err(e) => Err(Malformed {
                file: name.to_owned(),
                id: None,
                reason: format!("not a KEV entry: {e}"),
            }),
        };
        sink(item)?;
    }
    let data_date = match (catalog.catalog_version, catalog.date_released) {
        (Some(v), Some(d)) => Some(format!("{d} (catalog {v})")),
        (v, d) => d.or(v),
    };
    Ok(FileFacts { data_date })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_and_ransomware() {
        let text = r#"{"catalogVersion":"2025.01.01","dateReleased":"2025-01-01T00:00:00Z","vulnerabilities":[
            {"cveID":"CVE-2021-44228","dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"},
            {"cveID":"CVE-2020-0001","dateAdded":"2022-01-01","knownRansomwareCampaignUse":"Unknown"},
            {"cveID":"nope","dateAdded":"2022-01-01"}, {"dateAdded":1}]}"#;
        let mut out = Vec::new();
        let facts = read(&mut text.as_bytes(), "kev.json", &mut |i| {
            out.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(
            facts.data_date.as_deref(),
            Some("2025-01-01T00:00:00Z (catalog 2025.01.01)")
        );
        assert!(
            matches!(&out[0], Ok(Item::Kev(k)) if k.ransomware && k.due_date.as_deref() == Some("2021-12-24"))
        );
        assert!(matches!(&out[1], Ok(Item::Kev(k)) if !k.ransomware));
        assert!(out[2].is_err() && out[3].is_err());
        assert!(read(&mut &b"[]"[..], "x", &mut |_| Ok(())).is_err());
    }
}
