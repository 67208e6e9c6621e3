//! `bosun copy` between OCI layouts, OCI archives and docker archives as a
//! user runs it, and `bosun inspect` on what it wrote. Needs no external
//! tool (crates/registry/tests/archives.rs checks the archives against
//! skopeo and a real registry).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

fn bosun(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("BOSUN_CACHE_DIR", home.join("cache"))
        .env_remove("BOSUN_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn inspect_json(home: &Path, reference: &str) -> serde_json::Value {
    let (code, out, err) = bosun(home, &["inspect", "--format", "json", reference]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn copy_through_archives() {
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let built = bosun_testkit::example::example_image(&home.join("img"));
    let p = |n: &str| home.join(n).display().to_string();
    let layout = format!("oci:{}", p("img"));

    // Layout -> OCI archive keeps the manifest digest.
    let oa = format!("oci-archive:{}:v1", p("a.tar"));
    let (code, out, err) = bosun(home, &["copy", &layout, &oa]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&built.manifest_digest), "{out}");
    let v = inspect_json(home, &oa);
    assert_eq!(v["manifest_digest"], built.manifest_digest);

    // OCI archive -> docker archive keeps the image id; it inspects the same.
    let da = format!("docker-archive:{}:example/app:v1", p("d.tar"));
    let (code, out, err) = bosun(home, &["copy", &oa, &da]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&built.config_digest), "{out}");
    let w = inspect_json(home, &da);
    assert_eq!(w["config_digest"], built.config_digest);
    assert_eq!(
        w["layers"].as_array().unwrap().len(),
        v["layers"].as_array().unwrap().len()
    );

    // A docker archive holds one platform.
    let (code, _, err) = bosun(
        home,
        &[
            "copy",
            "--all-platforms",
            &layout,
            &format!("docker-archive:{}", p("x.tar")),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("one platform"), "{err}");
    // A missing source is an error, and nothing is written.
    let (code, _, _) = bosun(
        home,
        &[
            "copy",
            &format!("oci-archive:{}", p("missing.tar")),
            &format!("oci-archive:{}", p("y.tar")),
        ],
    );
    assert_eq!(code, 2);
    assert!(!home.join("y.tar").exists());
}
