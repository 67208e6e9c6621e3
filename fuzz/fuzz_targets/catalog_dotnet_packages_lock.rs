//! Arbitrary bytes as a NuGet packages.lock.json.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::dotnet::packages_lock::parse("/packages.lock.json", data);
});
