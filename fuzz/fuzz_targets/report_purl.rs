//! libFuzzer entry of [`bosun_fuzz_targets::report_purl`].
#![no_main]

libfuzzer_sys::fuzz_target!(|d: &[u8]| bosun_fuzz_targets::report_purl(d));
