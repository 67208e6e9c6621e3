//! Arbitrary bytes as a uv.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::uv::parse("/uv.lock", data);
});
