//! Arbitrary bytes as a CycloneDx JSON SBOM for `bosun scan sbom:FILE`.
#![no_main]

use bosun_report::sbom::read::{SbomFormat, read_as};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = read_as(SbomFormat::CycloneDx, data, "fuzz");
});
