//! Arbitrary bytes as a zipped Python .egg.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::installed::parse_egg("/x.egg", data);
});
