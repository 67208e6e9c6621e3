//! OSV record parsing (JSON, JSON arrays, YAML) on arbitrary bytes: never
//! panics, and whatever parses can be prepared for the store.
#![no_main]

use bosun_vulndb::ingest::{Format, RawFile, parse_file};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
