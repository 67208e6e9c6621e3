//! `bosun inspect NAME`, `bosun copy`, `bosun registry login` and `bosun
//! cache prune` against real docker-registry instances on 127.0.0.1, as a
//! user runs them. Skipped when docker-registry or skopeo is missing, unless
//! BOSUN_REQUIRE_TOOLS is set.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use bosun_registry::testing::{LocalRegistry as Registry, htpasswd, htpasswd_auth};
use bosun_testkit::require_tools as tools;

fn push(layout: &Path, dst: &str, creds: Option<&str>) {
    bosun_registry::testing::skopeo_push(&format!("oci:{}:latest", layout.display()), dst, creds)
        .unwrap();
}

fn bosun(home: &Path, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bosun"));
    c.args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("DOCKER_CONFIG", home.join("docker"))
        .env("BOSUN_CACHE_DIR", home.join("cache"))
        .env_remove("BOSUN_CONFIG")
        .env_remove("REGISTRY_AUTH_FILE")
        .env_remove("XDG_RUNTIME_DIR")
        .env_remove("BOSUN_REGISTRY_USERNAME")
        .env_remove("BOSUN_REGISTRY_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn inspect_copy_and_prune() {
    if !tools(&["docker-registry", "skopeo"]) {
        return;
    }
    let reg = Registry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let built = bosun_testkit::example::example_image(&t.path().join("img"));
    push(
        &t.path().join("img"),
        &format!("{}/app:v1", reg.host()),
        None,
    );
    let image = format!("{}/app:v1", reg.host());
    let insecure = ["--insecure-registry", &reg.host()];
    let args = |extra: &[&str]| -> Vec<String> {
        insecure
            .iter()
            .chain(extra)
            .map(ToString::to_string)
            .collect()
    };

    // Two processes pulling the same image into one cache at once.
    let home = t.path();
    let outs: Vec<(i32, String, String)> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let a = args(&["inspect", "--format", "json", &image]);
                    let a: Vec<&str> = a.iter().map(String::as_str).collect();
                    bosun(home, &a, None)
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (code, out, err) in &outs {
        assert_eq!(*code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(out).unwrap();
        assert_eq!(v["manifest_digest"], built.manifest_digest, "{out}");
    }

    // A second look downloads nothing.
    let a = args(&["inspect", &image]);
    let (code, _, err) = bosun(
        home,
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("pulled"), "downloaded again: {err}");

    // Without --insecure-registry, plain HTTP is refused.
    let (code, _, err) = bosun(home, &["inspect", &image], None);
    assert_eq!(code, 2);
    assert!(err.contains(&reg.host()), "{err}");

    // Copy to an OCI layout keeps the digest.
    let out_ref = format!("oci:{}:v1", t.path().join("out").display());
    let a = args(&["copy", &image, &out_ref]);
    let (code, out, err) = bosun(
        home,
        &a.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&built.manifest_digest), "{out}");
    assert!(
        t.path().join("out/index.json").is_file(),
        "the tag is not part of the directory"
    );
    let (code, out, err) = bosun(home, &["inspect", "--format", "json", &out_ref], None);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains(&built.manifest_digest));

    let (code, out, _) = bosun(home, &["cache", "prune", "--older-than", "1d"], None);
    assert_eq!(code, 0);
    assert!(out.starts_with("removed 0 blobs"), "{out}");
    let (code, out, _) = bosun(home, &["cache", "prune", "--all"], None);
    assert_eq!(code, 0);
    assert!(
        out.starts_with(&format!("removed {} blobs", 2 + built.layer_digests.len())),
        "{out}"
    );
}

#[test]
fn login_and_unauthorized() {
    if !tools(&["docker-registry", "skopeo", "htpasswd"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let pw = htpasswd(t.path(), "alice", "pa55-word-xyz").unwrap();
    let reg = Registry::start(&htpasswd_auth(&pw)).unwrap();
    bosun_testkit::example::example_image(&t.path().join("img"));
    push(
        &t.path().join("img"),
        &format!("{}/app:v1", reg.host()),
        Some("alice:pa55-word-xyz"),
    );
    let image = format!("{}/app:v1", reg.host());
    let host = reg.host();
    let home = t.path();

    let (code, _, err) = bosun(
        home,
        &["--insecure-registry", &host, "inspect", &image],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("bosun registry login {host}")),
        "{err}"
    );

    let (code, _, err) = bosun(
        home,
        &[
            "--insecure-registry",
            &host,
            "registry",
            "login",
            "-u",
            "alice",
            "--password-stdin",
            &host,
        ],
        Some("wrong-one-123\n"),
    );
    assert_eq!(code, 2);
    assert!(!err.contains("wrong-one-123"), "{err}");

    let (code, _, err) = bosun(
        home,
        &[
            "--insecure-registry",
            &host,
            "registry",
            "login",
            "-u",
            "alice",
            "--password-stdin",
            &host,
        ],
        Some("pa55-word-xyz\n"),
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("pa55-word-xyz"));
    let cfg = home.join("docker/config.json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let (code, _, err) = bosun(
        home,
        &["--insecure-registry", &host, "inspect", &image],
        None,
    );
    assert_eq!(code, 0, "{err}");
}
