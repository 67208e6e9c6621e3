//! Fuzzes bosun-version's apk parser, its order (antisymmetry) and its
//! requirement syntax: input is two texts split at the first newline.
#![no_main]

use bosun_version::{satisfies, Scheme, Version};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, ""));
    let scheme = Scheme::Apk;
    if let (Ok(x), Ok(y)) = (Version::parse(scheme, a), Version::parse(scheme, b)) {
        let xy = x.partial_cmp(&y).expect("same scheme");
        let yx = y.partial_cmp(&x).expect("same scheme");
        assert_eq!(xy, yx.reverse(), "{a:?} vs {b:?}");
        assert_eq!(x.partial_cmp(&x), Some(std::cmp::Ordering::Equal));
    }
    let _ = satisfies(scheme, a, b);
});
