//! Arbitrary bytes as a package.json.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::javascript::package_json::parse("/package.json", data);
});
