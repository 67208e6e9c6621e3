//! CVSS vectors of every version on arbitrary text: parsing never panics,
//! scores stay within 0–10, and the canonical form parses to the same score.
#![no_main]

use bosun_cvss::Cvss;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(v) = Cvss::parse(text) {
        let score = v.score();
        assert!((0.0..=10.0).contains(&score), "{text}: {score}");
        let again = Cvss::parse(&v.to_string()).expect("canonical form parses");
        assert_eq!(again.score(), score);
        let _ = v.base_score();
    }
});
