//! Enrichment imports of the real data in `../shared/data/advisories/`
//! (NVD API 2.0 records and the `modified` feed, CVE List 5.1 records, the
//! KEV catalog), as published, with exact counts.

use bosun_testkit::need::shared_data;
use bosun_types::enrich::Origin;
use bosun_vulndb::enrich::Kind;
use bosun_vulndb::{NoProgress, Store, import_enrichment};

#[test]
fn nvd_records_and_modified_feed() {
    let (Some(records), Some(feed)) = (
        shared_data("advisories/nvd/records"),
        shared_data("advisories/nvd/feeds/nvdcve-modified.json.gz"),
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.sqlite");
    let r = import_enrichment(&db, Kind::Nvd, &records, &NoProgress).unwrap();
    assert_eq!((r.files, r.records, r.malformed.len()), (8586, 8586, 0));
    let f = import_enrichment(&db, Kind::Nvd, &feed, &NoProgress).unwrap();
    assert_eq!((f.files, f.records, f.malformed.len()), (1, 1755, 0));
    // 10,338 distinct CVEs; the modified feed's copies replace the
    // records' older copies, and the 16 whose latest copy is Rejected
    // hold no scores.
    assert_eq!((f.total_records, f.total_scores), (10322, 11506));
    // Importing the older records again changes nothing the feed updated.
    let again = import_enrichment(&db, Kind::Nvd, &records, &NoProgress).unwrap();
    assert_eq!(again.records + again.older, 8586);
    assert_eq!((again.total_records, again.total_scores), (10322, 11506));

    let store = Store::open(&db).unwrap();
    let e = &store.enrichment(&["CVE-1999-0710", "GHSA-x"]).unwrap();
    assert_eq!(e[0].scores.len(), 1);
    let s = &e[0].scores[0];
    assert_eq!(
        (
            s.source.as_str(),
            s.origin,
            s.version.as_str(),
            s.base_score,
            s.kind.as_deref()
        ),
        ("nvd@nist.gov", Origin::Nvd, "2.0", 7.5, Some("Primary"))
    );
    assert_eq!(s.vector.as_deref(), Some("AV:N/AC:L/Au:N/C:P/I:P/A:P"));
    assert!(e[1].scores.is_empty());
    let st = store.status().unwrap();
    assert_eq!(st.schema_version, 3);
    assert_eq!(st.enrichment.len(), 1);
    assert_eq!(
        (st.enrichment[0].records, st.enrichment[0].items),
        (10322, 11506)
    );
}

#[test]
fn cvelist_records() {
    let Some(dir_in) = shared_data("advisories/cvelist") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.sqlite");
    let r = import_enrichment(&db, Kind::Cve5, &dir_in, &NoProgress).unwrap();
    assert_eq!(
        (r.files, r.records, r.scores, r.malformed.len()),
        (300, 300, 517, 0)
    );
    let store = Store::open(&db).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let by: Vec<(String, String, i64)> = conn
        .prepare("SELECT origin, version, COUNT(*) FROM cvss GROUP BY 1, 2 ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let by: Vec<(&str, &str, i64)> = by
        .iter()
        .map(|(a, b, n)| (a.as_str(), b.as_str(), *n))
        .collect();
    // SOURCE.txt: CNA cvssV3_1 119, cvssV4_0 99, cvssV3_0 83, cvssV2_0 52;
    // CISA-ADP cvssV3_1 164.
    assert_eq!(
        by,
        [
            ("adp", "3.1", 164),
            ("cna", "2.0", 52),
            ("cna", "3.0", 83),
            ("cna", "3.1", 119),
            ("cna", "4.0", 99)
        ]
    );
    let e = store.enrichment(&["CVE-2019-1010023"]).unwrap();
    assert!(
        e[0].scores
            .iter()
            .any(|s| s.source == "CISA-ADP" && s.base_score == 5.4)
    );
}

#[test]
fn kev_catalog() {
    let Some(file) = shared_data("advisories/kev/known_exploited_vulnerabilities.json") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.sqlite");
    let r = import_enrichment(&db, Kind::Kev, &file, &NoProgress).unwrap();
    assert_eq!((r.records, r.malformed.len()), (1404, 0));
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ransomware: i64 = conn
        .query_row("SELECT COUNT(*) FROM kev WHERE ransomware", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(ransomware, 293);
    let store = Store::open(&db).unwrap();
    let k = store.enrichment(&["CVE-2025-48384"]).unwrap()[0]
        .kev
        .clone()
        .unwrap();
    assert_eq!(
        (k.date_added.as_str(), k.due_date.as_deref(), k.ransomware),
        ("2025-08-25", Some("2025-09-15"), false)
    );
    let st = store.status().unwrap();
    assert_eq!(
        st.enrichment[0]
            .data_date
            .as_deref()
            .map(|d| d.contains("2025.08.25")),
        Some(true)
    );
    // A second import replaces the catalog rather than adding to it.
    let again = import_enrichment(&db, Kind::Kev, &file, &NoProgress).unwrap();
    assert_eq!(again.total_records, 1404);
}

#[test]
fn a_broken_file_keeps_the_earlier_data() {
    let Some(file) = shared_data("advisories/kev/known_exploited_vulnerabilities.json") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.sqlite");
    import_enrichment(&db, Kind::Kev, &file, &NoProgress).unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, br#"{"vulnerabilities":[{"cveID":"CVE-2020-0001""#).unwrap();
    let e = import_enrichment(&db, Kind::Kev, &bad, &NoProgress).unwrap_err();
    assert!(e.to_string().contains("bad.json"), "{e}");
    let store = Store::open(&db).unwrap();
    assert_eq!(store.status().unwrap().enrichment[0].records, 1404);
}
