//! Zip exports on arbitrary bytes: reading never panics; damage is an error
//! or a malformed record, never a crash.
#![no_main]

use std::io::Cursor;
use std::path::Path;

use bosun_vulndb::ingest::{parse_file, read_zip};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sink = |batch: Vec<bosun_vulndb::ingest::RawFile>| {
        for f in &batch {
            let _ = parse_file(f);
        }
        Ok(())
    };
    let _ = read_zip(Cursor::new(data), Path::new("fuzz.zip"), &mut sink, |_| {});
});
