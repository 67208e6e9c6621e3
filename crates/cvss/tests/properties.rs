//! Property tests: parsing never panics, scores stay in range, and a parsed
//! vector printed and parsed again scores the same.

use bosun_cvss::Cvss;
use proptest::prelude::*;

fn metric_soup() -> impl Strategy<Value = String> {
    let prefix = prop_oneof![
        Just(""),
        Just("CVSS:2.0/"),
        Just("CVSS:3.0/"),
        Just("CVSS:3.1/"),
        Just("CVSS:4.0/")
    ];
    let key = prop_oneof![
        "AV|AC|AT|Au|PR|UI|S|C|I|A|VC|VI|VA|SC|SI|SA|E|RL|RC|CR|IR|AR|MAV|MSI|MSA|MS|CDP|TD|U",
        "[A-Z]{1,3}"
    ];
    let value = "N|A|L|P|H|M|S|U|C|R|X|ND|POC|OF|Red|[A-Za-z]{0,3}";
    (prefix, prop::collection::vec((key, value), 0..30)).prop_map(|(p, kv)| {
        let body: Vec<String> = kv.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!("{p}{}", body.join("/"))
    })
}

proptest! {
    #[test]
    fn parse_never_panics_and_scores_in_range(s in metric_soup()) {
        if let Ok(v) = Cvss::parse(&s) {
            let score = v.score();
            prop_assert!((0.0..=10.0).contains(&score), "{s}: {score}");
            let again = Cvss::parse(&v.to_string()).expect("canonical form parses");
            prop_assert_eq!(again.score(), score);
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,80}") {
        let _ = Cvss::parse(&s);
    }
}
