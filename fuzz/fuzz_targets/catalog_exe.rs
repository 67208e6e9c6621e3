//! Arbitrary bytes as an executable: the Go buildinfo and cargo-auditable
//! extractors (section tables read through a cache), then their decoders.
#![no_main]

use bosun_catalog::lang::{go, rust};
use bosun_layers::Content;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let c = Content::Memory(data.to_vec().into());
    if let Ok(Some(b)) = (go::binary::extractor())(&c) {
        let _ = go::binary::decode(&b, "go-binary");
    }
    if let Ok(Some(b)) = (rust::auditable::extractor())(&c) {
        let _ = rust::auditable::parse(&b, "cargo-auditable");
    }
});
