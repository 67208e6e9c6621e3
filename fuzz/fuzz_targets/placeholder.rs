//! Placeholder until the first parser lands.
#![no_main]
libfuzzer_sys::fuzz_target!(|_data: &[u8]| {});
