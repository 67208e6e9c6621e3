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
