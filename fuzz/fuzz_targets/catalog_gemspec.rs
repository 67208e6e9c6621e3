//! Arbitrary bytes as a gemspec.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::ruby::gemspec::parse("/x.gemspec", data);
});
