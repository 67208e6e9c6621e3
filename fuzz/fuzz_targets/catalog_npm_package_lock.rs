//! Arbitrary bytes as a package-lock.json.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::javascript::package_lock::parse("/package-lock.json", data);
});
