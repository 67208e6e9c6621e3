//! Arbitrary bytes as a Python RECORD file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::python::installed::parse_record(
        "usr/lib/python3/site-packages",
        &String::from_utf8_lossy(data),
    );
});
