//! Fuzzes OSV range parsing and evaluation: lines are `kind version`
//! events (i introduced, f fixed, l last_affected, m limit); the last line
//! is the version to test, under the scheme picked by the first byte.
#![no_main]

use bosun_version::osv::{Event, Range};
use bosun_version::{ALL_SCHEMES, Version};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let scheme = ALL_SCHEMES[usize::from(first) % ALL_SCHEMES.len()];
    let mut lines: Vec<&str> = text.lines().collect();
    let Some(version) = lines.pop() else {
        return;
    };
    let events: Vec<Event> = lines
        .iter()
        .filter_map(|l| {
            let (kind, v) = l.split_at_checked(1)?;
            let v = v.trim().to_owned();
            Some(match kind {
                "i" => Event::Introduced(v),
                "f" => Event::Fixed(v),
                "l" => Event::LastAffected(v),
                _ => Event::Limit(v),
            })
        })
        .collect();
    if let (Ok(range), Ok(v)) = (Range::parse(scheme, &events), Version::parse(scheme, version)) {
        let _ = range.contains(&v);
        let _ = range.fixed().count();
    }
});
