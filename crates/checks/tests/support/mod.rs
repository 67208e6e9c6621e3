//! What the checks' tests share: an image measured as `bosun scan
//! --scanners config,efficiency` measures it, and dive's path lists.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use bosun_checks::{Checked, Context, Selection};
use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{IndexMode, NoProgress, WalkOptions};

/// The complete walk (with content fingerprints) and every check.
pub(crate) fn measure(target: &str) -> Checked {
    let reference = ImageRef::parse(target).unwrap();
    let image = Image::open(&reference, &OpenOptions::default()).unwrap();
    let opts = WalkOptions {
        index: IndexMode::Full,
        fingerprint_from: Some(bosun_checks::efficiency::FINGERPRINT_FROM),
        ..WalkOptions::default()
    };
    let walk = bosun_layers::walk(&image, &bosun_checks::requests(), &opts, &NoProgress).unwrap();
    let ctx = Context::new(&image, &walk, None);
    bosun_checks::run(
        &ctx,
        Selection {
            config: true,
            efficiency: true,
        },
    )
}

/// A dive path list (`fileReference`, `inefficient_files_top`) as
/// (path, count, bytes).
pub(crate) fn dive_paths(list: &serde_json::Value) -> Vec<(String, usize, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_owned(),
                usize::try_from(f["count"].as_u64().unwrap()).unwrap(),
                f["sizeBytes"].as_u64().unwrap(),
            )
        })
        .collect()
}
