//! Arbitrary bytes as a Pipfile.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::pipfile::parse("/Pipfile.lock", data);
});
