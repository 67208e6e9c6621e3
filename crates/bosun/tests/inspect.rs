//! `bosun inspect` as a user runs it: output snapshots, exit codes, errors.

#![allow(clippy::unwrap_used)]

use std::process::Command;

fn bosun(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
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

#[test]
fn example_image_table_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    let (code, out, err) = bosun(tmp.path(), &["inspect", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("s3cr3t"), "secret printed");
    insta::assert_snapshot!("inspect_table", out);
    let (code, out, _) = bosun(
        tmp.path(),
        &["inspect", "oci:img:latest", "--format", "json"],
    );
    assert_eq!(code, 0);
    assert!(!out.contains("s3cr3t"), "secret printed");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("inspect_json", v);
}

#[test]
fn errors_exit_2_and_name_the_problem() {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    let (code, out, err) = bosun(tmp.path(), &["inspect", "oci:img:nope"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("tag \"nope\" not found") && err.contains("latest"),
        "{err}"
    );
    let (code, _, err) = bosun(tmp.path(), &["inspect", "./missing"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing"), "{err}");
    let (code, _, err) = bosun(
        tmp.path(),
        &["inspect", "oci:img", "--platform", "linux/arm64"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("linux/amd64"), "{err}");
}

#[test]
fn help_has_examples_and_version() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, _) = bosun(tmp.path(), &["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Examples:") && out.contains("Exit status"));
    let (code, out, _) = bosun(tmp.path(), &["--version"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("bosun "));
}
