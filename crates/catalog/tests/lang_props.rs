//! Arbitrary input never panics the Go, Rust and Java parsers and
//! extractors (the fuzz targets' properties, run on stable in CI).

use bosun_catalog::lang::{go, java, rust};
use bosun_layers::Content;
use proptest::prelude::*;

/// Bytes that often start like the formats, so parsing gets past magic
/// checks: ELF, Mach-O, PE and zip headers, or nothing.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let heads = prop_oneof![
        Just(b"\x7fELF\x02\x01\x01\x00".to_vec()),
        Just(vec![0xcf, 0xfa, 0xed, 0xfe]),
        Just(vec![0xca, 0xfe, 0xba, 0xbe]),
        Just(b"MZ".to_vec()),
        Just(b"PK\x03\x04".to_vec()),
        Just(Vec::new()),
    ];
    (heads, proptest::collection::vec(any::<u8>(), 0..4096)).prop_map(|(mut h, t)| {
        h.extend(t);
        h
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn binaries_and_archives(data in input()) {
        let c = Content::Memory(data.clone().into());
        if let Ok(Some(x)) = (go::binary::extractor())(&c) {
            let _ = go::binary::decode(&x, "go-binary");
        }
        if let Ok(Some(x)) = (rust::auditable::extractor())(&c) {
            let _ = rust::auditable::parse(&x, "cargo-auditable");
        }
        if let Ok(Some(x)) = java::archive::extract(&c, &java::archive::JavaLimits::default()) {
            let _ = java::archive::decode(&x, "/a.jar", "java-archive");
        }
        let _ = go::binary::decode(&data, "go-binary");
        let _ = rust::auditable::parse(&data, "cargo-auditable");
    }

    #[test]
    fn text_formats(s in "(?s).{0,2048}") {
        let _ = go::gomod::parse(&s, &s, "go-mod");
        let _ = rust::cargo_lock::parse(&s, "cargo-lock");
        let _ = java::pom::parse(&s, "java-pom");
        let _ = java::gradle::parse(&s, "gradle-lockfile");
        let _ = java::archive::manifest(&s);
        let _ = java::archive::pom_properties(&s);
        let _ = java::archive::file_name_parts(&s);
    }

    #[test]
    fn line_shaped_text(lines in proptest::collection::vec(
        "(require|replace|exclude|\\)|\\[\\[package\\]\\]|name = \"[a-z]{0,4}\"|version = \"[0-9.]{0,4}\"|[a-z.]{0,6}:[a-z]{0,4}:[0-9.]{0,4}=[a-z]{0,5}|[a-z./]{0,8} => [a-z./]{0,8} v[0-9.]{0,4}|\\t|\\(| )+",
        0..40,
    )) {
        let s = lines.join("\n");
        let _ = go::gomod::parse(&s, &s, "go-mod");
        let _ = rust::cargo_lock::parse(&s, "cargo-lock");
        let _ = java::gradle::parse(&s, "gradle-lockfile");
    }
}
