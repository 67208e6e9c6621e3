//! Arbitrary bytes as a composer installed.json.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::php::installed::parse("/installed.json", data);
});
