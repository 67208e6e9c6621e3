//! libFuzzer entry of [`bosun_fuzz_targets::catalog_distro`].
#![no_main]

libfuzzer_sys::fuzz_target!(|d: &[u8]| bosun_fuzz_targets::catalog_distro(d));
