//! Arbitrary bytes as a Berkeley DB hash `Packages` database, headers included.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::os::rpm::read(bosun_catalog::os::rpm::Format::Bdb, data);
});
