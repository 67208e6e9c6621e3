//! Arbitrary text as a package URL, and the ecosystem mapping of what parses.
#![no_main]

use bosun_report::sbom::read::purl::Purl;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Some(p) = Purl::parse(&String::from_utf8_lossy(data)) {
        let _ = p.ecosystem(Some("debian-12"));
        let _ = p.ecosystem_name();
    }
});
