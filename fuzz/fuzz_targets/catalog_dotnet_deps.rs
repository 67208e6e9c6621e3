//! Arbitrary bytes as a .NET deps.json.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::dotnet::deps_json::parse("/App.deps.json", data);
});
