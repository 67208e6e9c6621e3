//! Arbitrary text as gradle.lockfile.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ =
        bosun_catalog::lang::java::gradle::parse(&String::from_utf8_lossy(data), "gradle-lockfile");
});
