//! Arbitrary bytes as extracted Go build information (version NUL modinfo).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::go::binary::decode(data, "go-binary");
});
