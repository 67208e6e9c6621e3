//! Arbitrary bytes as a requirements.txt.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::requirements::parse("/requirements.txt", data);
});
