//! Arbitrary bytes as the uncompressed tar of a two-layer image (the input
//! is used for both layers, plain and gzip), walked with every kind of
//! request, then every index query.
#![no_main]

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{FileKind, FileRequest, NoProgress, WalkOptions, walk};
use bosun_testkit::{Compression, ImageSpec, Layer};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("l");
    let spec = ImageSpec::new()
        .layer(Layer::new(data.to_vec()).compression(Compression::None))
        .layer(Layer::new(data.to_vec()).compression(Compression::Gzip));
    bosun_testkit::oci_layout(&dir, &spec, "f");
    let Ok(r) = ImageRef::parse(&format!("oci:{}:f", dir.display())) else { return };
    let Ok(img) = Image::open(&r, &OpenOptions::default()) else { return };
    let requests = [
        FileRequest::path("etc/os-release"),
        FileRequest::glob("**/*.txt"),
        FileRequest::kind(FileKind::Elf),
    ];
    if let Ok(w) = walk(&img, &requests, &WalkOptions::default(), &NoProgress) {
        for f in w.index.iter().take(100) {
            let _ = w.index.resolve(f.path);
            let _ = w.index.history(f.path);
        }
    }
});
