//! The per-layer cache: a second walk reads layers from it with the same
//! result, a changed layer is walked again while the others are reused,
//! and a damaged entry is ignored.

#![allow(clippy::unwrap_used)]

use std::sync::atomic::{AtomicUsize, Ordering};

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{FileRequest, IndexMode, LayerCache, Progress, WalkOptions, walk};
use bosun_testkit::{ImageSpec, Layer};

/// Counts finished layers: cached ones report as done too.
#[derive(Default)]
struct Count(AtomicUsize);
impl Progress for Count {
    fn layer_done(&self, _: usize) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

fn image(dir: &std::path::Path, top: &[u8]) -> Image {
    let spec = ImageSpec::new()
        .layer(Layer::build(|t| {
            t.file("etc/os-release", b"ID=debian\n")?;
            t.file("var/lib/dpkg/status", b"Package: a\n")?;
            t.file("usr/share/doc/a/copyright", b"MIT")
        }))
        .layer(Layer::build(|t| {
            t.whiteout("usr/share/doc/a")?;
            t.file("var/lib/dpkg/status", top)
        }));
    bosun_testkit::oci_layout(dir, &spec, "t");
    Image::open(
        &ImageRef::parse(&format!("oci:{}:t", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap()
}

fn summary(w: &bosun_layers::Walk) -> Vec<(String, usize, bool, Vec<u8>)> {
    w.files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                f.layer,
                f.visible,
                f.content.bytes().unwrap().to_vec(),
            )
        })
        .collect()
}

fn entries(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .unwrap()
                        .to_string_lossy()
                        .starts_with("layer-")
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn second_walk_reads_the_cache_and_changed_layers_are_walked_again() {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let requests = [
        FileRequest::path("var/lib/dpkg/status"),
        FileRequest::glob("usr/share/doc/*/copyright"),
        FileRequest::path("etc/os-release"),
    ];
    let opts = WalkOptions {
        index: IndexMode::Visibility,
        cache: Some(LayerCache::new(&cache_dir, "test/1")),
        ..WalkOptions::default()
    };
    let uncached = WalkOptions {
        index: IndexMode::Visibility,
        ..WalkOptions::default()
    };
    let img = image(&tmp.path().join("a"), b"Package: a\n\nPackage: b\n");
    let fresh = walk(&img, &requests, &uncached, &Count::default()).unwrap();
    let first = walk(&img, &requests, &opts, &Count::default()).unwrap();
    assert_eq!(entries(&cache_dir).len(), 2);
    // The layers are not walked the second time, but their blobs must
    // still be there: the cache vouches for content, not for this image.
    let blobs = tmp.path().join("a/blobs/sha256");
    let saved = tmp.path().join("saved");
    std::fs::rename(&blobs, &saved).unwrap();
    assert!(walk(&img, &requests, &opts, &Count::default()).is_err());
    std::fs::rename(&saved, &blobs).unwrap();
    let done = Count::default();
    let second = walk(&img, &requests, &opts, &done).unwrap();
    assert_eq!(done.0.load(Ordering::Relaxed), 2);
    assert_eq!(summary(&first), summary(&fresh));
    assert_eq!(summary(&second), summary(&fresh));
    assert!(
        !summary(&second)[2].2,
        "the whited-out copyright stays hidden"
    );
    assert_eq!(second.layers[1].entries, fresh.layers[1].entries);

    // Same base layer, new top layer: one new entry, the base reused.
    let img2 = image(&tmp.path().join("b"), b"Package: c\n");
    let w = walk(&img2, &requests, &opts, &Count::default()).unwrap();
    assert_eq!(entries(&cache_dir).len(), 3);
    assert_eq!(
        w.files.last().unwrap().content.bytes().unwrap(),
        b"Package: c\n"
    );

    // Damaged entries are walked again and rewritten.
    for e in entries(&cache_dir) {
        let mut b = std::fs::read(&e).unwrap();
        let n = b.len() / 2;
        b[n] ^= 1;
        std::fs::write(&e, b).unwrap();
    }
    let again = walk(&img, &requests, &opts, &Count::default()).unwrap();
    assert_eq!(summary(&again), summary(&fresh));
    // Another request set (or key) never reads these entries.
    let other = WalkOptions {
        cache: Some(LayerCache::new(&cache_dir, "test/2")),
        ..opts.clone()
    };
    walk(&img, &requests[..1], &other, &Count::default()).unwrap();
    assert_eq!(entries(&cache_dir).len(), 5);
}

#[test]
fn full_walks_do_not_use_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let img = image(&tmp.path().join("a"), b"x");
    let opts = WalkOptions {
        cache: Some(LayerCache::new(&cache_dir, "k")),
        ..WalkOptions::default()
    };
    let w = walk(&img, &[FileRequest::glob("**")], &opts, &Count::default()).unwrap();
    assert!(w.index.is_complete());
    assert!(entries(&cache_dir).is_empty());
}
