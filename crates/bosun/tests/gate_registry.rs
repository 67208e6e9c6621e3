//! `bosun promote` between two real docker-registry servers on 127.0.0.1,
//! staging and production: a passing image lands in production with the
//! same digest (checked with skopeo), a failing one does not and
//! production is unchanged. Skipped when docker-registry or skopeo is
//! missing, unless BOSUN_REQUIRE_TOOLS is set.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use bosun_registry::testing::LocalRegistry as Registry;
use bosun_testkit::require_tools as tools;

const ADVISORIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/advisories");
const STRICT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/policies/strict.yaml"
);

fn bosun(home: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("HOME", home)
        .env("DOCKER_CONFIG", home.join("docker"))
        .env("BOSUN_CACHE_DIR", home.join("cache"))
        .env("XDG_CACHE_HOME", home.join("xdg"))
        .env("BOSUN_DB", home.join("db.sqlite"))
        .env_remove("BOSUN_CONFIG")
        .env_remove("REGISTRY_AUTH_FILE")
        .env_remove("BOSUN_REGISTRY_USERNAME")
        .env_remove("BOSUN_REGISTRY_PASSWORD")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The manifest digest of `image` as skopeo reads it, or `None` when the
/// registry does not have it.
fn skopeo_digest(image: &str) -> Option<String> {
    let out = Command::new("skopeo")
        .args([
            "inspect",
            "--tls-verify=false",
            "--raw",
            &format!("docker://{image}"),
        ])
        .output()
        .unwrap();
    if !out.status.success() {
        return None;
    }
    use sha2::Digest as _;
    Some(format!("sha256:{:x}", sha2::Sha256::digest(&out.stdout)))
}

#[test]
fn promote_between_registries() {
    if !tools(&["docker-registry", "skopeo"]) {
        return;
    }
    let staging = Registry::start("").unwrap();
    let production = Registry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (code, _, err) = bosun(home, &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    bosun_testkit::example::example_image(&home.join("img"));
    let src = format!("{}/team/app:1.0", staging.host());
    bosun_registry::testing::skopeo_push(
        &format!("oci:{}:latest", home.join("img").display()),
        &src,
        None,
    )
    .unwrap();
    let insecure = format!("{},{}", staging.host(), production.host());
    let passing = home.join("pass.yaml");
    std::fs::write(
        &passing,
        "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: fresh\n        action: stop\n        message: fresh data\n        freshness:\n          max-age-hours: 24\n",
    )
    .unwrap();

    // The strict policy stops the example image (it runs as root):
    // production stays empty.
    let dst = format!("{}/team/app:1.0", production.host());
    let (code, out, err) = bosun(
        home,
        &[
            "promote",
            &src,
            &dst,
            "--policy",
            STRICT,
            "--insecure-registry",
            &insecure,
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("not promoted"), "{out}");
    assert_eq!(skopeo_digest(&dst), None);

    // A passing policy copies the gated digest.
    let (code, out, err) = bosun(
        home,
        &[
            "promote",
            &src,
            &dst,
            "--policy",
            passing.to_str().unwrap(),
            "--insecure-registry",
            &insecure,
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let want = skopeo_digest(&src).unwrap();
    assert_eq!(skopeo_digest(&dst), Some(want.clone()));
    assert!(out.contains(&want), "{out}");
}
