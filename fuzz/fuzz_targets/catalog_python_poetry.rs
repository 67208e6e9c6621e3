//! Arbitrary bytes as a poetry.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::poetry::parse("/poetry.lock", data);
});
