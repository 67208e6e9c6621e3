//! libFuzzer entry of [`bosun_fuzz_targets::checks_efficiency`].
#![no_main]

libfuzzer_sys::fuzz_target!(|d: &[u8]| bosun_fuzz_targets::checks_efficiency(d));
