//! Arbitrary bytes as a Java archive: the bounded zip extractor, then the
//! package decoder on its summary; and the manifest/properties parsers.
#![no_main]

use bosun_catalog::lang::java::archive;
use bosun_layers::Content;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let c = Content::Memory(data.to_vec().into());
    if let Ok(Some(s)) = archive::extract(&c, &archive::JavaLimits::default()) {
        let _ = archive::decode(&s, "/a.jar", "java-archive");
    }
    let t = String::from_utf8_lossy(data);
    let _ = archive::manifest(&t);
    let _ = archive::pom_properties(&t);
    let _ = archive::file_name_parts(&t);
});
