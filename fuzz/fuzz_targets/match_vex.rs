//! VEX parsing (OpenVEX and CycloneDX): any bytes give a document or an
//! error, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(v) = bosun_match::Vex::parse(data, "fuzz") {
        for s in &v.statements {
            let _ = s.status.suppresses();
        }
    }
});
