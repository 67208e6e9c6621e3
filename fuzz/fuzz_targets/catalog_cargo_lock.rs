//! Arbitrary text as Cargo.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ =
        bosun_catalog::lang::rust::cargo_lock::parse(&String::from_utf8_lossy(data), "cargo-lock");
});
