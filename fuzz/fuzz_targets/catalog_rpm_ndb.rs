//! Arbitrary bytes as an NDB `Packages.db` database, headers included.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::os::rpm::read(bosun_catalog::os::rpm::Format::Ndb, data);
});
