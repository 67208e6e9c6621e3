//! Registry reference parsing: never panics, and what it accepts prints to
//! a reference that parses back to the same value.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(r) = bosun_registry::Reference::parse(s) {
        let again = bosun_registry::Reference::parse(&r.to_string()).expect("printed reference parses");
        assert_eq!(again, r);
    }
});
