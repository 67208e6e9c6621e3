//! Arbitrary bytes as a composer.lock.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::php::composer_lock::parse("/composer.lock", data);
});
