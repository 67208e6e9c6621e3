//! What each layer added, modified and removed, against a model: random
//! stacks of layers (files written and rewritten, files and directories
//! whited out, directories made opaque) are built into real OCI layouts,
//! walked with the complete index, and every layer's bytes must equal
//! those of a plain map of the union filesystem replayed change by change.
//! Dive's figures must stay in range on every stack. Identical files
//! from different layers are found by content, not by name or size.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use std::collections::BTreeMap;

use bosun_testkit::tar::{Change, changes_tar};
use bosun_testkit::{ImageSpec, Layer};
use proptest::prelude::*;

const FILES: [&str; 5] = ["a/f1", "a/f2", "a/b/f3", "c/f4", "f5"];
const DIRS: [&str; 3] = ["a", "a/b", "c"];

fn is_at_or_below(path: &str, dir: &str) -> bool {
    path == dir || path.strip_prefix(dir).is_some_and(|r| r.starts_with('/'))
}

/// One change, before the per-layer rules below are applied.
fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => (0..FILES.len(), 0usize..3000).prop_map(|(i, s)| Change::File(FILES[i].into(), s)),
        2 => (0..FILES.len() + DIRS.len()).prop_map(|i| {
            Change::Whiteout(FILES.iter().chain(&DIRS).nth(i).unwrap().to_string())
        }),
        1 => (0..DIRS.len()).prop_map(|i| Change::Opaque(DIRS[i].into())),
    ]
}

/// A layer's changes such that their order inside the layer cannot matter:
/// one change per path, and nothing at or below a path an earlier change
/// of the layer whited out or made opaque (nor the reverse).
fn layer() -> impl Strategy<Value = Vec<Change>> {
    proptest::collection::vec(change(), 0..8).prop_map(|cs| {
        let mut kept: Vec<Change> = Vec::new();
        for c in cs {
            let p = c.path();
            let clash = kept.iter().any(|k| {
                let q = k.path();
                q == p
                    || (matches!(k, Change::Whiteout(_) | Change::Opaque(_))
                        && is_at_or_below(p, q))
                    || (matches!(c, Change::Whiteout(_) | Change::Opaque(_))
                        && is_at_or_below(q, p))
            });
            if !clash {
                kept.push(c);
            }
        }
        kept
    })
}

#[derive(Debug, Default, PartialEq, Eq)]
struct Bytes {
    size: u64,
    added: u64,
    modified: u64,
    removed: u64,
}

/// The union filesystem as a map of regular files, replayed.
fn model(layers: &[Vec<Change>]) -> Vec<Bytes> {
    let mut fs: BTreeMap<String, u64> = BTreeMap::new();
    let mut out = Vec::new();
    for l in layers {
        let mut b = Bytes::default();
        for c in l {
            match c {
                Change::File(p, s) => {
                    let s = *s as u64;
                    b.size += s;
                    if fs.insert(p.clone(), s).is_some() {
                        b.modified += s;
                    } else {
                        b.added += s;
                    }
                }
                Change::Whiteout(p) | Change::Opaque(p) => {
                    let self_too = matches!(c, Change::Whiteout(_));
                    let gone: Vec<String> = fs
                        .keys()
                        .filter(|k| is_at_or_below(k, p) && (self_too || *k != p))
                        .cloned()
                        .collect();
                    for k in gone {
                        b.removed += fs.remove(&k).unwrap();
                    }
                }
                Change::Dir(_) => {}
            }
        }
        out.push(b);
    }
    out
}

/// The layers as an OCI layout, measured.
fn measure(layers: Vec<Vec<u8>>) -> bosun_checks::Checked {
    let tmp = tempfile::tempdir().unwrap();
    let mut spec = ImageSpec::new();
    for tar in layers {
        spec = spec.layer(Layer::new(tar));
    }
    let dir = tmp.path().join("img");
    bosun_testkit::oci_layout(&dir, &spec, "t");
    support::measure(&format!("oci:{}:t", dir.display()))
}

#[test]
fn identical_files_from_different_layers() {
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    let other: Vec<u8> = (0..3_000_000u32).map(|i| (i % 241) as u8).collect();
    let small = vec![7u8; 1000];
    let tar = |files: &[(&str, &[u8])]| {
        let mut t = bosun_testkit::TarWriter::new(Vec::new());
        for (p, d) in files {
            t.file(p, d).unwrap();
        }
        t.finish().unwrap()
    };
    let checked = measure(vec![
        tar(&[("opt/app.tar", &big), ("opt/a.txt", &small)]),
        // A copy from another layer, content of the same size that differs,
        // a small duplicate, and a copy the same layer made.
        tar(&[
            ("srv/app.tar", &big),
            ("srv/other.tar", &other),
            ("srv/b.txt", &small),
        ]),
        tar(&[("srv/other-copy.tar", &other)]),
        // A copy deleted again is dive's business (wasted), not a duplicate.
        tar(&[("tmp/app.tar", &big)]),
        {
            let mut t = bosun_testkit::TarWriter::new(Vec::new());
            t.whiteout("tmp/app.tar").unwrap();
            t.finish().unwrap()
        },
    ]);
    let e = checked.efficiency.expect("measured");
    assert_eq!(e.duplicates_total, 2, "{:#?}", e.duplicates);
    assert_eq!(e.duplicated_bytes, 6_000_000);
    let groups: Vec<(Vec<&str>, Vec<usize>)> = e
        .duplicates
        .iter()
        .map(|d| {
            (
                d.paths.iter().map(String::as_str).collect(),
                d.layers.clone(),
            )
        })
        .collect();
    assert_eq!(
        groups,
        [
            (vec!["/opt/app.tar", "/srv/app.tar"], vec![0, 1]),
            (vec!["/srv/other-copy.tar", "/srv/other.tar"], vec![2, 1]),
        ]
    );
    let hits: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.code == "BSN-EF-0003")
        .map(|f| (f.file.as_str(), f.layer))
        .collect();
    assert_eq!(
        hits,
        [("/srv/app.tar", Some(1)), ("/srv/other.tar", Some(2))]
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn layer_bytes_match_the_model(layers in proptest::collection::vec(layer(), 1..5)) {
        let e = measure(layers.iter().map(|l| changes_tar(l)).collect())
            .efficiency
            .expect("measured");
        let ours: Vec<Bytes> = e
            .layers
            .iter()
            .map(|l| Bytes {
                size: l.size_bytes,
                added: l.added_bytes,
                modified: l.modified_bytes,
                removed: l.removed_bytes,
            })
            .collect();
        prop_assert_eq!(ours, model(&layers));
        prop_assert!((0.0..=1.0).contains(&e.score), "score {}", e.score);
        prop_assert_eq!(e.size_bytes, e.layers.iter().map(|l| l.size_bytes).sum::<u64>());
        prop_assert_eq!(e.user_size_bytes, e.size_bytes - e.layers[0].size_bytes);
        prop_assert!(e.wasted_user_percent.is_finite() && e.wasted_user_percent >= 0.0);
        prop_assert_eq!(
            e.wasted_bytes,
            e.inefficient.iter().map(|p| p.cumulative_bytes).sum::<u64>()
        );
    }
}
