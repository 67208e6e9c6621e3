//! `bosun lint` end to end: formats, stdin, config, pragmas, exit codes.

#![allow(clippy::unwrap_used)] // test helpers

use std::io::Write;
use std::process::{Command, Output, Stdio};

const DIRTY: &str = "FROM debian\n# bosun ignore=DL3008\nRUN apt-get update && apt-get install -y curl\nRUN cd /x\n";
const CLEAN: &str = "FROM debian:12.8@sha256:0000000000000000000000000000000000000000000000000000000000000000\n\
RUN useradd -r -u 10001 app\nUSER 10001\nHEALTHCHECK NONE\nCMD [\"/bin/true\"]\n";

fn bosun(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("BOSUN_CONFIG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input
        .write_all(stdin.unwrap_or_default().as_bytes())
        .unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), DIRTY).unwrap();
    std::fs::write(dir.path().join("clean.Dockerfile"), CLEAN).unwrap();
    dir
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn tty_output_and_failure_exit() {
    let dir = setup();
    let o = bosun(
        dir.path(),
        &["lint", "Dockerfile", "clean.Dockerfile"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&o));
}

#[test]
fn clean_file_passes() {
    let dir = setup();
    let o = bosun(dir.path(), &["lint", "clean.Dockerfile"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn stdin_json() {
    let dir = setup();
    let o = bosun(dir.path(), &["lint", "--format", "json", "-"], Some(DIRTY));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    insta::assert_json_snapshot!(v);
}

#[test]
fn flags_override_config() {
    let dir = setup();
    std::fs::write(
        dir.path().join(".bosun.yaml"),
        "lint:\n  ignored: [BL1001, BL1005]\n  severity-overrides:\n    DL3003: error\n  failure-threshold: error\n",
    )
    .unwrap();
    let o = bosun(dir.path(), &["lint", "-f", "json", "Dockerfile"], None);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let codes: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(
        !codes.contains(&"BL1001") && !codes.contains(&"DL3008"),
        "{codes:?}"
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "DL3003 raised to error must fail the error threshold"
    );
    let o = bosun(
        dir.path(),
        &["lint", "--ignore", "DL3003", "Dockerfile"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = bosun(
        dir.path(),
        &["lint", "--failure-threshold", "ignore", "Dockerfile"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn unknown_config_key_is_an_error() {
    let dir = setup();
    std::fs::write(
        dir.path().join(".bosun.yaml"),
        "lint:\n  ignore: [DL3008]\n",
    )
    .unwrap();
    let o = bosun(dir.path(), &["lint", "Dockerfile"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn trusted_registry_flag() {
    let dir = setup();
    let o = bosun(
        dir.path(),
        &[
            "lint",
            "-f",
            "json",
            "--trusted-registry",
            "registry.example.com",
            "Dockerfile",
        ],
        None,
    );
    assert!(stdout(&o).contains("DL3026"));
}

#[test]
fn parse_error_is_a_finding() {
    let dir = setup();
    let o = bosun(
        dir.path(),
        &["lint", "-f", "json", "-"],
        Some("FROM a\nCMD [\"x\", 1]\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v[0]["code"], "DL1000");
    assert_eq!(v[0]["line"], 2);
}

#[test]
fn every_format_renders() {
    let dir = setup();
    for f in ["tty", "json", "sarif", "checkstyle", "gitlab"] {
        let o = bosun(dir.path(), &["lint", "--format", f, "Dockerfile"], None);
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(stdout(&o).contains("DL3003"), "{f}");
    }
}

#[test]
fn missing_file_is_an_error_but_others_are_reported() {
    let dir = setup();
    let o = bosun(dir.path(), &["lint", "nope", "Dockerfile"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).contains("DL3003"));
}

#[test]
fn explain() {
    let dir = setup();
    let o = bosun(dir.path(), &["lint", "--explain", "dl3009"], None);
    assert_eq!(o.status.code(), Some(0));
    insta::assert_snapshot!(stdout(&o));
    let o = bosun(dir.path(), &["lint", "--explain", "NOPE"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn unknown_codes_are_warned_about() {
    let dir = setup();
    let o = bosun(
        dir.path(),
        &["lint", "--ignore", "DL9999", "clean.Dockerfile"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("DL9999"));
}
