//! Arbitrary bytes as a yarn.lock (v1 or Berry).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::javascript::yarn::parse("/yarn.lock", data);
});
