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

/// Issue 14 point 6: every form of secret in configuration text is masked
/// in every output — ENV, labels, Cmd, Entrypoint and history.
#[test]
fn secrets_in_config_text_are_masked_everywhere() {
    use bosun_testkit::{ImageSpec, Layer, oci_layout};
    use serde_json::json;
    let tmp = tempfile::tempdir().unwrap();
    let spec = ImageSpec::new()
        .layer(Layer::build(|_| Ok(())).created_by("/bin/sh -c curl -u admin:curlpw21 https://x/y"))
        .empty_step("/bin/sh -c tool --token flagtok23 --verbose")
        .empty_step("|1 DB_TOKEN=histtok30 /bin/sh -c make")
        .config(
            "Env",
            json!([
                "DATABASE_URL=postgres://user:urlpw11@db:5432/app",
                "PASS=pass18",
                "PATH=/usr/bin",
            ]),
        )
        .config(
            "Labels",
            json!({"db.password": "labelpw24", "source": "https://example.com"}),
        )
        .config(
            "Cmd",
            json!(["app", "--password=cmdpw25", "--token", "cmdtok27"]),
        )
        .config("Entrypoint", json!(["env", "PASSWORD=entrypw26"]));
    oci_layout(&tmp.path().join("img"), &spec, "latest");
    let secrets = [
        "curlpw21",
        "flagtok23",
        "histtok30",
        "urlpw11",
        "pass18",
        "labelpw24",
        "cmdpw25",
        "cmdtok27",
        "entrypw26",
    ];
    for format in ["table", "json"] {
        let (code, out, err) = bosun(
            tmp.path(),
            &["inspect", "oci:img:latest", "--format", format],
        );
        assert_eq!(code, 0, "{err}");
        for s in secrets {
            assert!(!out.contains(s), "{format}: {s} printed:\n{out}");
            assert!(!err.contains(s), "{format}: {s} printed on stderr");
        }
        // What is not secret is still shown.
        assert!(
            out.contains("/usr/bin") && out.contains("https://example.com"),
            "{out}"
        );
        assert!(out.contains("postgres://user:"), "{out}");
    }
}

/// Issue 14 point 7: `BOSUN_QUIET` takes the usual boolean spellings, and
/// an error names each cause once.
#[test]
fn boolish_environment_and_errors_said_once() {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    for v in ["1", "true", "yes", "on", "0", "false", "no", "off", "TRUE"] {
        let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
            .args(["inspect", "oci:img:latest"])
            .current_dir(tmp.path())
            .env("BOSUN_QUIET", v)
            .env_remove("BOSUN_CONFIG")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "BOSUN_QUIET={v}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The ignore file's I/O error names its cause in its own message too.
    let (code, _, err) = bosun(
        tmp.path(),
        &["scan", "oci:img:latest", "--ignore-file", "nope.yaml"],
    );
    assert_eq!(code, 2);
    let line = err
        .lines()
        .find(|l| l.starts_with("bosun: error:"))
        .unwrap();
    assert!(line.contains("nope.yaml"), "{line}");
    assert_eq!(line.matches("os error 2").count(), 1, "{line}");
    let parts: Vec<&str> = line.split(": ").collect();
    let mut seen = std::collections::HashSet::new();
    for p in &parts {
        assert!(seen.insert(*p), "said twice: {line}");
    }
}
