//! The layer walk on images built by the testkit: union-filesystem rules
//! against a reference model, hostile entries, limits and file requests.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{
    Change, EntryKind, FileKind, FileRequest, Limits, NoProgress, WalkOptions, walk,
};
use bosun_testkit::{Compression, ImageSpec, Kind, Layer, TarWriter};
use proptest::prelude::*;

fn open(dir: &std::path::Path, spec: &ImageSpec) -> Image {
    bosun_testkit::oci_layout(dir, spec, "t");
    Image::open(
        &ImageRef::parse(&format!("oci:{}:t", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap()
}

fn run(
    spec: &ImageSpec,
    requests: &[FileRequest],
    limits: Limits,
) -> bosun_layers::Result<bosun_layers::Walk> {
    let tmp = tempfile::tempdir().unwrap();
    let img = open(&tmp.path().join("l"), spec);
    walk(
        &img,
        requests,
        &WalkOptions {
            limits,
            threads: 2,
            gitignore: false,
        },
        &NoProgress,
    )
}

#[test]
fn whiteouts_opaque_dirs_and_links() {
    let spec = ImageSpec::new()
        .layer(Layer::build(|t| {
            t.dir("etc/")?;
            t.file("etc/passwd", b"root")?;
            t.file("etc/shadow", b"secret")?;
            t.dir("var/cache/")?;
            t.file("var/cache/a", b"a")?;
            t.file("var/cache/sub/b", b"b")?;
            t.file("opt/tool", b"tool")?;
            t.symlink("etc/os-release", "../usr/lib/os-release")?;
            t.file("usr/lib/os-release", b"ID=debian\n")
        }))
        .layer(
            Layer::build(|t| {
                t.whiteout("etc/shadow")?;
                t.opaque("var/cache")?;
                t.file("var/cache/c", b"c")?;
                t.file("opt", b"now a file")?;
                t.hardlink("etc/passwd2", "etc/passwd")
            })
            .compression(Compression::Zstd),
        )
        .layer(Layer::build(|t| t.file("etc/shadow", b"back")).compression(Compression::None));
    let w = run(
        &spec,
        &[
            FileRequest::path("/etc/os-release"),
            FileRequest::path("usr/lib/os-release"),
        ],
        Limits::default(),
    )
    .unwrap();
    let ix = &w.index;
    assert_eq!(ix.get("etc/shadow").unwrap().layer, 2);
    assert_eq!(
        ix.history("etc/shadow"),
        [
            Change::Wrote {
                layer: 0,
                kind: EntryKind::File
            },
            Change::Deleted { layer: 1 },
            Change::Wrote {
                layer: 2,
                kind: EntryKind::File
            }
        ]
    );
    assert!(ix.get("var/cache/a").is_none());
    assert!(ix.get("var/cache/sub/b").is_none());
    assert_eq!(
        ix.history("var/cache/sub/b"),
        [
            Change::Wrote {
                layer: 0,
                kind: EntryKind::File
            },
            Change::Deleted { layer: 1 }
        ]
    );
    assert_eq!(ix.get("var/cache/c").unwrap().layer, 1);
    assert_eq!(ix.get("var/cache").unwrap().kind, EntryKind::Dir);
    assert!(ix.get("opt/tool").is_none());
    assert_eq!(ix.get("opt").unwrap().kind, EntryKind::File);
    assert_eq!(ix.get("/etc/passwd2").unwrap().kind, EntryKind::HardLink);
    let (p, info) = ix.resolve("/etc/os-release").unwrap();
    assert_eq!(p, "usr/lib/os-release");
    assert_eq!(info.size, 10);
    assert_eq!(w.layers.len(), 3);
    assert_eq!(w.layers[0].files, 6);
    // The symlink itself is not content; its target was requested too.
    let found: Vec<_> = w.visible_files().map(|f| f.path.as_str()).collect();
    assert_eq!(found, ["usr/lib/os-release"]);
}

#[test]
fn hostile_entries_are_refused() {
    let spec = ImageSpec::new().layer(Layer::build(|t| {
        t.file("../../etc/evil", b"x")?;
        t.file("a/../../escape", b"x")?;
        t.symlink("abs", "/etc/passwd")?;
        t.symlink("up", "../../../../../etc/passwd")?;
        t.symlink("loop1", "loop2")?;
        t.symlink("loop2", "loop1")?;
        t.entry("dev/null", Kind::CharDevice, 0o666, &[], None)?;
        t.file("etc/passwd", b"image's own")
    }));
    let w = run(&spec, &[FileRequest::glob("**")], Limits::default()).unwrap();
    assert_eq!(w.warnings.len(), 2, "{:?}", w.warnings);
    assert!(
        w.warnings
            .iter()
            .all(|x| x.reason.contains("above the image root"))
    );
    assert!(w.index.iter().all(|f| !f.path.contains("..")));
    assert_eq!(w.index.resolve("abs").unwrap().0, "etc/passwd");
    assert_eq!(w.index.resolve("up").unwrap().0, "etc/passwd");
    assert!(w.index.resolve("loop1").is_none());
    assert_eq!(w.index.get("dev/null").unwrap().kind, EntryKind::CharDevice);
    // Only the regular file was read.
    assert_eq!(w.files.len(), 1);
}

#[test]
fn limits_are_enforced() {
    let spec = ImageSpec::new().layer(Layer::build(|t| {
        for i in 0..5000 {
            t.file(&format!("f/{i}"), b"")?;
        }
        Ok(())
    }));
    let err = run(
        &spec,
        &[],
        Limits {
            max_entries_per_layer: 1000,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("1000 entries"), "{err}");
    let big = vec![0u8; 3 << 20];
    let spec = ImageSpec::new().layer(Layer::build(|t| t.file("big", &big)));
    let err = run(
        &spec,
        &[],
        Limits {
            max_total_bytes: 1 << 20,
            ..Limits::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("1048576"), "{err}");
}

#[test]
fn requests_by_glob_and_kind_per_layer() {
    let elf = b"\x7fELF\x02\x01\x01rest-of-binary";
    let large = vec![7u8; 9 << 20];
    let spec = ImageSpec::new()
        .layer(Layer::build(|t| {
            t.file("var/lib/dpkg/status", b"Package: a\n")?;
            t.file_mode("usr/bin/tool", 0o755, elf)?;
            t.file(
                "usr/lib/python3/site-packages/x-1.0.dist-info/METADATA",
                b"Name: x",
            )
        }))
        .layer(Layer::build(|t| {
            t.file("var/lib/dpkg/status", b"Package: a\n\nPackage: b\n")?;
            t.file("opt/big.bin", &large)
        }));
    let w = run(
        &spec,
        &[
            FileRequest::path("var/lib/dpkg/status"),
            FileRequest::glob("**/*.dist-info/METADATA"),
            FileRequest::kind(FileKind::Elf),
            FileRequest::path("opt/big.bin"),
        ],
        Limits::default(),
    )
    .unwrap();
    let status: Vec<_> = w
        .files
        .iter()
        .filter(|f| f.path == "var/lib/dpkg/status")
        .collect();
    assert_eq!(status.len(), 2);
    assert!(!status[0].visible && status[1].visible);
    assert_eq!(
        status[1].content.bytes().unwrap(),
        b"Package: a\n\nPackage: b\n"
    );
    let tool = w.files.iter().find(|f| f.path == "usr/bin/tool").unwrap();
    assert_eq!(tool.requests, [2]);
    assert_eq!(tool.content.bytes().unwrap(), elf);
    assert_eq!(tool.mode, 0o755);
    let big = w.files.iter().find(|f| f.path == "opt/big.bin").unwrap();
    assert!(big.content.bytes().is_none(), "spooled to disk");
    assert_eq!(big.content.len(), large.len() as u64);
    let mut r = big.content.reader().unwrap();
    let mut v = Vec::new();
    std::io::Read::read_to_end(&mut r, &mut v).unwrap();
    assert_eq!(v, large);
}

#[test]
fn rootfs_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("rootfs");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::write(root.join("etc/os-release"), "ID=alpine\n").unwrap();
    std::os::unix::fs::symlink("/etc/os-release", root.join("release")).unwrap();
    std::os::unix::fs::symlink("/", root.join("hostroot")).unwrap();
    let img = Image::open(
        &ImageRef::parse(&format!("dir:{}", root.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    let w = walk(
        &img,
        &[FileRequest::path("etc/os-release")],
        &WalkOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(w.files.len(), 1);
    assert!(w.files[0].visible);
    assert_eq!(w.index.resolve("release").unwrap().0, "etc/os-release");
    // A link to "/" means the image root, never the host's.
    assert_eq!(
        w.index.resolve("hostroot/etc/os-release").unwrap().0,
        "etc/os-release"
    );
    assert_eq!(w.index.get("hostroot").unwrap().kind, EntryKind::Symlink);
}

// ---- the union filesystem against a straightforward model ----

#[derive(Debug, Clone)]
enum Op {
    File(String),
    Dir(String),
    Whiteout(String),
    Opaque(String),
}

fn path_strategy() -> impl Strategy<Value = String> {
    proptest::collection::vec(prop_oneof!["a", "b", "c"], 1..4).prop_map(|v| v.join("/"))
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => path_strategy().prop_map(Op::File),
        3 => path_strategy().prop_map(Op::Dir),
        2 => path_strategy().prop_map(Op::Whiteout),
        1 => path_strategy().prop_map(Op::Opaque),
    ]
}

fn is_desc(anc: &str, p: &str) -> bool {
    p.len() > anc.len() && p.starts_with(anc) && p.as_bytes()[anc.len()] == b'/'
}

/// Applies layers one by one: whiteouts and opaque markers remove lower
/// layers' content, then writes apply in order; a non-directory replaces
/// lower layers' content below it.
fn model(layers: &[Vec<Op>]) -> BTreeMap<String, (usize, bool)> {
    let mut fs: BTreeMap<String, (usize, bool)> = BTreeMap::new();
    for (l, ops) in layers.iter().enumerate() {
        for op in ops {
            match op {
                Op::Whiteout(p) => fs.retain(|k, (kl, _)| !((k == p || is_desc(p, k)) && *kl < l)),
                Op::Opaque(p) => fs.retain(|k, (kl, _)| !(is_desc(p, k) && *kl < l)),
                _ => {}
            }
        }
        for op in ops {
            match op {
                Op::File(p) => {
                    fs.retain(|k, (kl, _)| !(is_desc(p, k) && *kl < l));
                    fs.insert(p.clone(), (l, false));
                }
                Op::Dir(p) => {
                    fs.insert(p.clone(), (l, true));
                }
                _ => {}
            }
        }
    }
    fs
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn index_agrees_with_model(layers in proptest::collection::vec(proptest::collection::vec(op_strategy(), 0..8), 1..5)) {
        let mut spec = ImageSpec::new();
        for ops in &layers {
            let mut w = TarWriter::new(Vec::new());
            // Whiteouts first, as the OCI specification asks of writers.
            for op in ops {
                match op {
                    Op::Whiteout(p) => w.whiteout(p).unwrap(),
                    Op::Opaque(p) => w.opaque(p).unwrap(),
                    _ => {}
                }
            }
            for op in ops {
                match op {
                    Op::File(p) => w.file(p, b"x").unwrap(),
                    Op::Dir(p) => w.dir(&format!("{p}/")).unwrap(),
                    _ => {}
                }
            }
            spec = spec.layer(Layer::new(w.finish().unwrap()).compression(Compression::None));
        }
        let w = run(&spec, &[], Limits::default()).unwrap();
        let got: BTreeMap<String, (usize, bool)> = w.index.iter().map(|f| (f.path.to_owned(), (f.layer, f.kind == EntryKind::Dir))).collect();
        prop_assert_eq!(got, model(&layers));
    }
}

#[test]
fn millions_of_tiny_entries() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("l");
    let mut layout = bosun_testkit::OciLayout::create(&dir);
    let layer = layout
        .streamed_layer("RUN touch …", |t| {
            for n in 0..2_000_000u32 {
                t.file(&format!("d{}/{n}", n % 1000), b"")?;
            }
            Ok(())
        })
        .unwrap();
    layout.add_streamed_image(&[layer], "m");
    layout.finish();
    let img = Image::open(
        &ImageRef::parse(&format!("oci:{}:m", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    // Over the limit: a clean error naming the layer, found without
    // reading the rest.
    let err = walk(
        &img,
        &[],
        &WalkOptions {
            limits: Limits {
                max_entries_per_layer: 1_000_000,
                ..Limits::default()
            },
            threads: 1,
            gitignore: false,
        },
        &NoProgress,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("layer 0") && err.to_string().contains("1000000 entries"),
        "{err}"
    );
    // Within the default limit: every entry indexed.
    let w = walk(
        &img,
        &[FileRequest::path("d7/1007")],
        &WalkOptions::default(),
        &NoProgress,
    )
    .unwrap();
    assert_eq!(w.layers[0].entries, 2_000_000);
    assert_eq!(w.index.len(), 2_000_000);
    assert_eq!(w.files.len(), 1);
}
