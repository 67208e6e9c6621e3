//! Arbitrary bytes through the tar reader: every entry and its data.
#![no_main]

use std::io::Read;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let mut r = bosun_tar::Reader::new(data);
    while let Ok(Some(mut e)) = r.next_entry() {
        let mut buf = Vec::new();
        if e.read_to_end(&mut buf).is_err() {
            break;
        }
    }
});
