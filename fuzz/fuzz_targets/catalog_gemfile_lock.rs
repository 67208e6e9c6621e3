//! Arbitrary bytes as a Gemfile.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::ruby::gemfile_lock::parse("/Gemfile.lock", data);
});
