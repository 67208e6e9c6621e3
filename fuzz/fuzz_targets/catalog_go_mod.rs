//! Arbitrary text as go.mod, and as go.sum beside a fixed go.mod.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let t = String::from_utf8_lossy(data);
    let _ = bosun_catalog::lang::go::gomod::parse(&t, "", "go-mod");
    let _ = bosun_catalog::lang::go::gomod::parse("require a v1\n", &t, "go-mod");
});
