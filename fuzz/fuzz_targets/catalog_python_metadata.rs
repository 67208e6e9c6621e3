//! Arbitrary bytes as Python core metadata (METADATA / PKG-INFO).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::installed::parse_metadata("/METADATA", data);
});
