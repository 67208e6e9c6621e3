//! `.bosunignore.yaml` parsing: any text gives an ignore file or an error,
//! never a panic; every parsed entry can be evaluated.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(f) = bosun_match::IgnoreFile::parse(text, "fuzz") {
        let today = bosun_match::Date::today();
        for e in &f.entries {
            let _ = e.expired(today);
        }
    }
});
