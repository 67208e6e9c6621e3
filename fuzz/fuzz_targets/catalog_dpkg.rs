//! Arbitrary bytes as a dpkg status file and as a copyright file.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = bosun_catalog::os::dpkg::parse_status(&text);
    let _ = bosun_catalog::os::dpkg::copyright_licenses(&text);
});
