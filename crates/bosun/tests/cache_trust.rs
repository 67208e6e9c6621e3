//! The catalog cache never vouches for an image it has not verified
//! (issue 14, points 2 and 3): OCI layouts that share a layer with a good
//! image but lost that blob, claim a wrong size or diff_id, or carry a
//! blob altered in one byte are refused (exit 2, naming the layer and what
//! is wrong) both with an empty cache and after the good image filled it.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ADVISORIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/advisories");

fn bosun(dir: &Path, cache: &str, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("BOSUN_CACHE_DIR", dir.join(cache))
        .env("BOSUN_DB", dir.join("db.sqlite"))
        .env("XDG_CACHE_HOME", dir.join("xdg"))
        .env("SOURCE_DATE_EPOCH", "1704164645")
        .env("NO_COLOR", "1")
        .env_remove("BOSUN_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let t = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &t);
        } else {
            std::fs::copy(&p, &t).unwrap();
        }
    }
}

fn blob(dir: &Path, digest: &str) -> PathBuf {
    dir.join("blobs/sha256")
        .join(digest.trim_start_matches("sha256:"))
}

fn sha256(data: &[u8]) -> String {
    bosun_testkit::sha256(data)
}

fn read_json(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

/// Rewrites the layout's only manifest with `f`, storing the new manifest
/// blob and pointing index.json at it.
fn edit_manifest(dir: &Path, f: impl FnOnce(&mut Value)) {
    let mut index = read_json(&dir.join("index.json"));
    let digest = index["manifests"][0]["digest"].as_str().unwrap().to_owned();
    let mut m = read_json(&blob(dir, &digest));
    f(&mut m);
    let bytes = serde_json::to_vec(&m).unwrap();
    let d = sha256(&bytes);
    std::fs::write(blob(dir, &d), &bytes).unwrap();
    index["manifests"][0]["digest"] = d.into();
    index["manifests"][0]["size"] = bytes.len().into();
    std::fs::write(dir.join("index.json"), serde_json::to_vec(&index).unwrap()).unwrap();
}

/// Rewrites the configuration with `f` (and the manifest to match).
fn edit_config(dir: &Path, f: impl FnOnce(&mut Value)) {
    edit_manifest(dir, |m| {
        let digest = m["config"]["digest"].as_str().unwrap().to_owned();
        let mut c = read_json(&blob(dir, &digest));
        f(&mut c);
        let bytes = serde_json::to_vec(&c).unwrap();
        let d = sha256(&bytes);
        std::fs::write(blob(dir, &d), &bytes).unwrap();
        m["config"]["digest"] = d.into();
        m["config"]["size"] = bytes.len().into();
    });
}

const ZERO: &str = "sha256:0000000000000000000000000000000000000000000000000000000000000000";

/// One broken variant of the good image: its name, how it is broken and
/// what the error must say besides naming the layer.
struct Variant {
    name: &'static str,
    expect: &'static [&'static str],
    make: fn(&Path, &bosun_testkit::Built),
}

fn variants() -> Vec<Variant> {
    vec![
        Variant {
            // The scenario of the issue: blob gone and diff_id zeroed.
            name: "r_missing",
            expect: &["not found"],
            make: |d, b| {
                std::fs::remove_file(blob(d, &b.layer_digests[0])).unwrap();
                edit_config(d, |c| c["rootfs"]["diff_ids"][0] = ZERO.into());
            },
        },
        Variant {
            name: "r_blob_deleted",
            expect: &["not found"],
            make: |d, b| std::fs::remove_file(blob(d, &b.layer_digests[0])).unwrap(),
        },
        Variant {
            name: "r_size5",
            expect: &["size mismatch", "expected 5 bytes"],
            make: |d, _| edit_manifest(d, |m| m["layers"][0]["size"] = 5.into()),
        },
        Variant {
            name: "r_size_huge",
            expect: &["size mismatch", "expected 9223372036854775808 bytes"],
            make: |d, _| edit_manifest(d, |m| m["layers"][0]["size"] = (1u64 << 63).into()),
        },
        Variant {
            name: "r_diff_id",
            expect: &["diff_id", "digest mismatch"],
            make: |d, b| {
                let other = sha256(b"not this layer");
                assert_ne!(other, b.diff_ids[0]);
                edit_config(d, |c| c["rootfs"]["diff_ids"][0] = other.into());
            },
        },
        // Point 3: a gzip blob altered in one byte is a digest mismatch,
        // wherever the byte is (header, deflate data, trailer).
        Variant {
            name: "r_altered_head",
            expect: &["digest mismatch"],
            make: |d, b| flip(&blob(d, &b.layer_digests[0]), |n| n / 8),
        },
        Variant {
            name: "r_altered_middle",
            expect: &["digest mismatch"],
            make: |d, b| flip(&blob(d, &b.layer_digests[0]), |n| n / 2),
        },
        Variant {
            name: "r_altered_trailer",
            expect: &["digest mismatch"],
            make: |d, b| flip(&blob(d, &b.layer_digests[0]), |n| n - 6),
        },
    ]
}

fn flip(path: &Path, at: fn(usize) -> usize) {
    let mut data = std::fs::read(path).unwrap();
    let i = at(data.len());
    data[i] ^= 0x55;
    std::fs::write(path, data).unwrap();
}

/// Builds `r_good` and every variant under `dir`.
fn images(dir: &Path) -> Vec<Variant> {
    let good = bosun_testkit::example::example_image(&dir.join("r_good"));
    let vs = variants();
    for v in &vs {
        let d = dir.join(v.name);
        copy_dir(&dir.join("r_good"), &d);
        (v.make)(&d, &good);
    }
    vs
}

fn assert_refused(dir: &Path, cache: &str, v: &Variant, args: &[&str]) {
    let (code, out, err) = bosun(dir, cache, args);
    assert_eq!(code, 2, "{} {args:?}: exit {code}\n{out}\n{err}", v.name);
    assert!(
        err.contains("layer 0"),
        "{}: error names no layer: {err}",
        v.name
    );
    for e in v.expect {
        assert!(err.contains(e), "{}: {e:?} not in {err}", v.name);
    }
    assert!(out.is_empty(), "{}: output on failure: {out}", v.name);
}

#[test]
fn broken_images_are_refused_with_or_without_a_warm_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vs = images(d);
    // Each with an empty cache of its own.
    for v in &vs {
        let r = format!("oci:{}", v.name);
        let cache = format!("cold-{}", v.name);
        assert_refused(d, &cache, v, &["sbom", &r, "-f", "json"]);
    }
    // After the good image filled the cache (image and layer entries).
    let (code, good, err) = bosun(d, "warm", &["sbom", "oci:r_good", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(good.contains("libssl3"), "{good}");
    for v in &vs {
        let r = format!("oci:{}", v.name);
        assert_refused(d, "warm", v, &["sbom", &r, "-f", "json"]);
        // A second try must not find anything the first one left behind.
        assert_refused(d, "warm", v, &["sbom", &r, "-f", "json"]);
    }
    // The good image still reads from the cache, unchanged.
    let (code, again, err) = bosun(d, "warm", &["sbom", "oci:r_good", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(good, again);
}

#[test]
fn scan_refuses_a_broken_image_after_the_good_one_filled_the_cache() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let vs = images(d);
    let (code, _, err) = bosun(d, "cache", &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = bosun(d, "cache", &["scan", "oci:r_good", "--fail-on", "low"]);
    assert_eq!(code, 1, "{err}");
    for v in &vs {
        let r = format!("oci:{}", v.name);
        assert_refused(d, "cache", v, &["scan", &r, "--fail-on", "low"]);
    }
}

/// A blob that changes after it was verified (same size, rewritten in
/// place) is hashed again, not trusted from the record of the first run.
#[test]
fn a_blob_rewritten_in_place_is_hashed_again() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let good = bosun_testkit::example::example_image(&d.join("img"));
    let (code, _, err) = bosun(d, "cache", &["sbom", "oci:img", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let path = blob(&d.join("img"), &good.layer_digests[0]);
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    flip(&path, |n| n / 2);
    // Keep the modification time: only size, inode and change time remain.
    let f = std::fs::File::options().write(true).open(&path).unwrap();
    f.set_modified(before).unwrap();
    drop(f);
    let v = Variant {
        name: "img",
        expect: &["digest mismatch"],
        make: |_, _| {},
    };
    assert_refused(d, "cache", &v, &["sbom", "oci:img", "-f", "json"]);
}
