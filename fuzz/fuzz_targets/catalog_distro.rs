//! Arbitrary bytes as every release file at once.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::distro::detect(|_| Some(data));
});
