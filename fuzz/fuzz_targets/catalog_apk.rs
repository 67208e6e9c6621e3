//! Arbitrary bytes as an apk installed database.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::os::apk::parse_installed(&String::from_utf8_lossy(data));
});
