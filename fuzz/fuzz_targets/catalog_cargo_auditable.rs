//! Arbitrary bytes as a cargo-auditable `.dep-v0` section (zlib + JSON).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::rust::auditable::parse(data, "cargo-auditable");
});
