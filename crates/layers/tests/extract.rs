//! Extractors on file requests: only what they return is kept, one found
//! file per distinct extractor, hard links share the extraction, and the
//! root filesystem walk behaves the same.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{Content, Extractor, FileKind, FileRequest, NoProgress, WalkOptions, walk};
use bosun_testkit::{ImageSpec, Layer};

fn open(dir: &std::path::Path, spec: &ImageSpec) -> Image {
    bosun_testkit::oci_layout(dir, spec, "t");
    Image::open(
        &ImageRef::parse(&format!("oci:{}:t", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap()
}

/// Keeps bytes 4..8 of an ELF file, through a seek (as a section read would).
fn tail_extractor(calls: Arc<AtomicUsize>) -> Extractor {
    Arc::new(move |c: &Content| {
        calls.fetch_add(1, Ordering::Relaxed);
        let mut r = c.reader()?;
        r.seek(SeekFrom::Start(4))?;
        let mut b = [0u8; 4];
        r.read_exact(&mut b)?;
        Ok((&b != b"skip").then(|| b.to_vec()))
    })
}

fn elf(tail: &[u8]) -> Vec<u8> {
    let mut v = b"\x7fELF".to_vec();
    v.extend_from_slice(tail);
    v
}

#[test]
fn extraction_replaces_content() {
    let big = {
        // Above the spool threshold: the capture goes to a temporary file.
        let mut v = elf(b"BIG!");
        v.resize(9 << 20, 0);
        v
    };
    let spec = ImageSpec::new()
        .layer(Layer::build(|t| {
            t.file("bin/a", &elf(b"AAAA rest"))?;
            t.file("bin/skip", &elf(b"skip"))?;
            t.file("bin/big", &big)?;
            t.hardlink("bin/a2", "bin/a")?;
            t.file("etc/conf", b"plain text")
        }))
        .layer(Layer::build(|t| t.file("bin/a", &elf(b"BBBB"))));
    let tmp = tempfile::tempdir().unwrap();
    let img = open(&tmp.path().join("l"), &spec);
    let calls = Arc::new(AtomicUsize::new(0));
    let x = tail_extractor(calls.clone());
    let reqs = [
        FileRequest::kind(FileKind::Elf).extract(x.clone()),
        // A second request sharing the extractor shares the found file.
        FileRequest::glob("bin/*").extract(x),
        // A request without extractor gets the whole file.
        FileRequest::path("bin/a"),
    ];
    let w = walk(
        &img,
        &reqs,
        &WalkOptions {
            threads: 1,
            ..Default::default()
        },
        &NoProgress,
    )
    .unwrap();
    // a (layer 0), skip, big, a (layer 1): one call each; the hard link reuses.
    assert_eq!(calls.load(Ordering::Relaxed), 4);
    let mut got: Vec<(String, usize, Vec<usize>, Vec<u8>)> = w
        .files
        .iter()
        .map(|f| {
            let mut b = Vec::new();
            f.content.reader().unwrap().read_to_end(&mut b).unwrap();
            let mut r = f.requests.clone();
            r.sort_unstable();
            (f.path.clone(), f.layer, r, b)
        })
        .collect();
    got.sort();
    let a0 = elf(b"AAAA rest");
    let a1 = elf(b"BBBB");
    let want: Vec<(String, usize, Vec<usize>, Vec<u8>)> = vec![
        ("bin/a".into(), 0, vec![0, 1], b"AAAA".to_vec()),
        ("bin/a".into(), 0, vec![2], a0.clone()),
        ("bin/a".into(), 1, vec![0, 1], b"BBBB".to_vec()),
        ("bin/a".into(), 1, vec![2], a1),
        ("bin/a2".into(), 0, vec![0, 1], b"AAAA".to_vec()),
        ("bin/a2".into(), 0, vec![2], a0),
        ("bin/big".into(), 0, vec![0, 1], b"BIG!".to_vec()),
    ];
    assert_eq!(got, want);
    // The extracted big binary is held in memory, a few bytes only.
    let big = w.files.iter().find(|f| f.path == "bin/big").unwrap();
    assert_eq!(big.content.bytes(), Some(&b"BIG!"[..]));
    assert!(w.files.iter().all(|f| f.path != "etc/conf"));
}

#[test]
fn distinct_extractors_get_their_own_files() {
    let spec = ImageSpec::new().layer(Layer::build(|t| t.file("bin/a", &elf(b"AAAA"))));
    let tmp = tempfile::tempdir().unwrap();
    let img = open(&tmp.path().join("l"), &spec);
    let first: Extractor = Arc::new(|_: &Content| Ok(Some(b"one".to_vec())));
    let second: Extractor = Arc::new(|_: &Content| Ok(Some(b"two".to_vec())));
    let failing: Extractor =
        Arc::new(|_: &Content| Err(std::io::Error::other("bad section table")));
    let reqs = [
        FileRequest::kind(FileKind::Elf).extract(first),
        FileRequest::kind(FileKind::Elf).extract(second),
        FileRequest::kind(FileKind::Elf).extract(failing),
    ];
    let w = walk(&img, &reqs, &WalkOptions::default(), &NoProgress).unwrap();
    let got: Vec<(Vec<usize>, &[u8])> = w
        .files
        .iter()
        .map(|f| (f.requests.clone(), f.content.bytes().unwrap()))
        .collect();
    assert_eq!(got, [(vec![0], &b"one"[..]), (vec![1], &b"two"[..])]);
    assert_eq!(w.warnings.len(), 1);
    assert!(w.warnings[0].reason.contains("bad section table"));
}

#[test]
fn rootfs_walk_extracts_too() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::write(root.join("bin/a"), elf(b"AAAA")).unwrap();
    std::fs::write(root.join("bin/skip"), elf(b"skip")).unwrap();
    let img = Image::open(
        &ImageRef::parse(&format!("dir:{}", root.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    let calls = Arc::new(AtomicUsize::new(0));
    let reqs = [FileRequest::kind(FileKind::Elf).extract(tail_extractor(calls.clone()))];
    let w = walk(&img, &reqs, &WalkOptions::default(), &NoProgress).unwrap();
    assert_eq!(calls.load(Ordering::Relaxed), 2);
    assert_eq!(w.files.len(), 1);
    assert_eq!(w.files[0].path, "bin/a");
    assert_eq!(w.files[0].content.bytes(), Some(&b"AAAA"[..]));
    assert!(w.files[0].visible);
}
