//! Issue 14: eight `bosun scan`s of the same and of different images run
//! in parallel, sharing one cache and one database, while a `bosun db
//! import` replaces that database. Every scan succeeds with the findings it
//! has alone, and the cache and the database are intact afterwards.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

use bosun_testkit::{ImageSpec, Layer, oci_layout};
use serde_json::Value;

const ADVISORIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/advisories");

fn command(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bosun"));
    c.args(args)
        .current_dir(dir)
        .env("BOSUN_CACHE_DIR", dir.join("cache"))
        .env("BOSUN_DB", dir.join("db.sqlite"))
        .env("XDG_CACHE_HOME", dir.join("xdg"))
        .env("SOURCE_DATE_EPOCH", "1704164645")
        .env("BOSUN_QUIET", "1")
        .env_remove("BOSUN_CONFIG")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn spawn(dir: &Path, args: &[&str]) -> Child {
    command(dir, args).spawn().unwrap()
}

fn finish(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

/// The ids of a scan's findings.
fn ids(out: &Output) -> BTreeSet<String> {
    assert!(
        out.status.success(),
        "exit {:?}: {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}", f["id"], f["package"]["name"]))
        .collect()
}

#[test]
fn parallel_scans_during_an_import() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    bosun_testkit::example::example_image(&d.join("a"));
    // A second, different image: one layer with a file, no packages.
    oci_layout(
        &d.join("b"),
        &ImageSpec::new().layer(Layer::build(|t| t.file("etc/motd", b"hello\n"))),
        "latest",
    );
    let out = finish(spawn(d, &["db", "import", ADVISORIES]));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let scan = ["scan", "-f", "json"];
    let alone_a = ids(&finish(spawn(d, &[&scan[..], &["oci:a:latest"]].concat())));
    let alone_b = ids(&finish(spawn(d, &[&scan[..], &["oci:b:latest"]].concat())));
    assert!(!alone_a.is_empty());
    // Empty caches for the parallel run, so the scans also race to write it.
    std::fs::remove_dir_all(d.join("cache")).unwrap();

    let import = spawn(d, &["db", "import", ADVISORIES]);
    let scans: Vec<(bool, Child)> = (0..8)
        .map(|i| {
            let image = if i % 2 == 0 {
                "oci:a:latest"
            } else {
                "oci:b:latest"
            };
            (i % 2 == 0, spawn(d, &[&scan[..], &[image]].concat()))
        })
        .collect();
    for (is_a, child) in scans {
        let got = ids(&finish(child));
        assert_eq!(
            got,
            if is_a {
                alone_a.clone()
            } else {
                alone_b.clone()
            }
        );
    }
    let out = finish(import);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Intact afterwards: the database answers, and cached scans agree.
    let status = finish(spawn(d, &["db", "status"]));
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert_eq!(
        ids(&finish(spawn(d, &[&scan[..], &["oci:a:latest"]].concat()))),
        alone_a
    );
    assert_eq!(
        ids(&finish(spawn(d, &[&scan[..], &["oci:b:latest"]].concat()))),
        alone_b
    );
}
