//! Arbitrary bytes after the SQLite magic as an `rpmdb.sqlite` database.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut db = b"SQLite format 3\0".to_vec();
    db.extend_from_slice(data);
    let _ = bosun_catalog::os::rpm::read(bosun_catalog::os::rpm::Format::Sqlite, &db);
});
