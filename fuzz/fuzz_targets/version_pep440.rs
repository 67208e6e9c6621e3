//! libFuzzer entry of [`bosun_fuzz_targets::version_pep440`].
#![no_main]

libfuzzer_sys::fuzz_target!(|d: &[u8]| bosun_fuzz_targets::version_pep440(d));
