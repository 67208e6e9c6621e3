//! libFuzzer entry of [`bosun_fuzz_targets::catalog_composer_installed`].
#![no_main]

libfuzzer_sys::fuzz_target!(|d: &[u8]| bosun_fuzz_targets::catalog_composer_installed(d));
