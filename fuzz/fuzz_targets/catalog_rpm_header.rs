//! Arbitrary bytes as an rpm header blob.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::os::rpm::header::parse(data);
});
