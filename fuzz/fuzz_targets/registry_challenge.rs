//! `WWW-Authenticate` parsing: never panics or loops on any header.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    for c in bosun_registry::parse_challenges(&s) {
        assert!(!c.scheme.is_empty());
    }
});
