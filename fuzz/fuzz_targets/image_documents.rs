//! Arbitrary bytes as index, manifest and configuration documents, digests
//! and platforms.
#![no_main]

use bosun_image::spec::{ImageConfig, Index, Manifest};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<Index>(data);
    let _ = serde_json::from_slice::<Manifest>(data);
    let _ = serde_json::from_slice::<ImageConfig>(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = s.parse::<bosun_image::Digest>();
        let _ = s.parse::<bosun_image::Platform>();
    }
});
