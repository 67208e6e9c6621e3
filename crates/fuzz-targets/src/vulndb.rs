//! Targets of the advisory importers: OSV records and zip exports.

use std::io::Cursor;
use std::path::Path;

use bosun_vulndb::ingest::{Format, RawFile, parse_file, read_zip};

/// OSV record parsing (JSON, JSON arrays, YAML) on arbitrary bytes: never
/// panics, and whatever parses can be prepared for the store.
pub fn vulndb_osv(data: &[u8]) {
    for format in [Format::Json, Format::Yaml] {
        let file = RawFile {
            name: "fuzz".into(),
            bytes: data.to_vec(),
            format,
        };
        for parsed in parse_file(&file).into_iter().flatten() {
            for a in &parsed.advisory.affected {
                if let Some(p) = &a.package {
                    let _ = bosun_vulndb::normalize_name(&p.ecosystem, &p.name);
                }
            }
        }
    }
}

/// Zip exports on arbitrary bytes: reading never panics; damage is an error
/// or a malformed record, never a crash.
pub fn vulndb_zip(data: &[u8]) {
    let mut sink = |batch: Vec<RawFile>| {
        for f in &batch {
            let _ = parse_file(f);
        }
        Ok(())
    };
    let _ = read_zip(Cursor::new(data), Path::new("fuzz.zip"), &mut sink, |_| {});
}

/// One enrichment reader on arbitrary bytes: never panics; a damaged file
/// is an error, a bad record a malformed item, and every score kept is in
/// CVSS's range.
fn enrich(kind: bosun_vulndb::enrich::Kind, data: &[u8]) {
    let mut reader = data;
    let _ = bosun_vulndb::enrich::read(kind, &mut reader, "fuzz", &mut |item| {
        if let Ok(bosun_vulndb::enrich::Item::Scores(s)) = item {
            for sc in &s.scores {
                assert!((0.0..=10.0).contains(&sc.base_score), "{sc:?}");
            }
        }
        Ok(())
    });
}

/// NVD CVE API 2.0 feeds and records.
pub fn vulndb_nvd(data: &[u8]) {
    enrich(bosun_vulndb::enrich::Kind::Nvd, data);
}

/// CVE List 5.x records.
pub fn vulndb_cve5(data: &[u8]) {
    enrich(bosun_vulndb::enrich::Kind::Cve5, data);
}

/// The CISA KEV catalog.
pub fn vulndb_kev(data: &[u8]) {
    enrich(bosun_vulndb::enrich::Kind::Kev, data);
}

/// FIRST EPSS CSV.
pub fn vulndb_epss(data: &[u8]) {
    enrich(bosun_vulndb::enrich::Kind::Epss, data);
}

/// The Debian security tracker's JSON.
pub fn vulndb_debian_tracker(data: &[u8]) {
    enrich(bosun_vulndb::enrich::Kind::DebianTracker, data);
}
