//! Arbitrary bytes as a pnpm-lock.yaml.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = bosun_catalog::lang::javascript::pnpm::parse("/pnpm-lock.yaml", data);
});
