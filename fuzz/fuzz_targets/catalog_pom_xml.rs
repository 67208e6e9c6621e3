//! Arbitrary text as pom.xml.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::java::pom::parse(&String::from_utf8_lossy(data), "java-pom");
});
