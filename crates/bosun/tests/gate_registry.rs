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

/// `bosun promote SRC DST --policy POLICY --insecure-registry HOSTS`.
fn promote(
    home: &Path,
    src: &str,
    dst: &str,
    policy: &str,
    insecure: &str,
) -> (i32, String, String) {
    bosun(
        home,
        &[
            "promote",
            src,
            dst,
            "--policy",
            policy,
            "--insecure-registry",
            insecure,
        ],
    )
}

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
    let (code, out, err) = promote(home, &src, &dst, STRICT, &insecure);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("not promoted"), "{out}");
    assert_eq!(skopeo_digest(&dst), None);

    // A passing policy copies the gated digest.
    let (code, out, err) = promote(home, &src, &dst, passing.to_str().unwrap(), &insecure);
    assert_eq!(code, 0, "{out}{err}");
    let want = skopeo_digest(&src).unwrap();
    assert_eq!(skopeo_digest(&dst), Some(want.clone()));
    assert!(out.contains(&want), "{out}");
}

/// A two-platform index: amd64 runs as UID 1000; arm64 runs as `app`,
/// which that platform's /etc/passwd maps to UID 0 when `arm_root`.
fn two_platform_index(dir: &Path, arm_root: bool) -> String {
    use bosun_testkit::{ImageSpec, Layer, OciLayout};
    let _ = std::fs::remove_dir_all(dir);
    let passwd = |uid: u32| {
        Layer::build(move |t| {
            t.dir("etc/")?;
            t.file(
                "etc/passwd",
                format!("root:x:0:0:root:/root:/bin/sh\napp:x:{uid}:{uid}::/app:/bin/sh\n")
                    .as_bytes(),
            )
        })
        .created_by("/bin/sh -c useradd app")
    };
    let amd = ImageSpec::new()
        .platform("linux", "amd64", None)
        .layer(passwd(1000))
        .config("User", serde_json::json!("1000"));
    let arm = ImageSpec::new()
        .platform("linux", "arm64", Some("v8"))
        .layer(passwd(if arm_root { 0 } else { 1000 }))
        .config("User", serde_json::json!("app"));
    let mut layout = OciLayout::create(dir);
    let (digest, _) = layout.add_index(&[amd, arm], Some("multi"));
    layout.finish();
    digest
}

const ROOT_ONLY: &str = "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: no-root\n        action: stop\n        message: non-root only\n        config:\n          root-user: true\n";

#[test]
fn promote_refuses_an_index_whole_when_one_platform_fails() {
    if !tools(&["docker-registry", "skopeo"]) {
        return;
    }
    let staging = Registry::start("").unwrap();
    let production = Registry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (code, _, err) = bosun(home, &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    let policy = home.join("root.yaml");
    std::fs::write(&policy, ROOT_ONLY).unwrap();
    let insecure = format!("{},{}", staging.host(), production.host());
    let src = format!("{}/team/multi:1.0", staging.host());
    let dst = format!("{}/team/multi:1.0", production.host());

    // arm64's `app` is UID 0 in its /etc/passwd: the whole index stops and
    // production stays empty, although amd64 alone would pass.
    let index = two_platform_index(&home.join("bad"), true);
    bosun_registry::testing::skopeo_push(
        &format!("oci:{}:multi", home.join("bad").display()),
        &src,
        None,
    )
    .unwrap();
    assert_eq!(skopeo_digest(&src), Some(index.clone()));
    let args = [
        "promote",
        &src,
        &dst,
        "--policy",
        policy.to_str().unwrap(),
        "--insecure-registry",
        &insecure,
    ];
    let (code, out, err) = bosun(home, &args);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("not promoted"), "{out}");
    assert!(out.contains("linux/arm64"), "{out}");
    assert!(out.contains("UID 0"), "{out}");
    assert_eq!(skopeo_digest(&dst), None);

    // Both platforms pass: the index lands with its own digest, and each
    // platform's manifest is in production under its digest.
    let index = two_platform_index(&home.join("good"), false);
    bosun_registry::testing::skopeo_push(
        &format!("oci:{}:multi", home.join("good").display()),
        &src,
        None,
    )
    .unwrap();
    let (code, out, err) = bosun(home, &args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(skopeo_digest(&dst), Some(index.clone()));
    let raw = Command::new("skopeo")
        .args(["inspect", "--tls-verify=false", "--raw"])
        .arg(format!("docker://{dst}"))
        .output()
        .unwrap();
    let idx: serde_json::Value = serde_json::from_slice(&raw.stdout).unwrap();
    let platforms = idx["manifests"].as_array().unwrap();
    assert_eq!(platforms.len(), 2);
    for m in platforms {
        let d = m["digest"].as_str().unwrap();
        let by_digest = format!("{}/team/multi@{d}", production.host());
        assert_eq!(skopeo_digest(&by_digest).as_deref(), Some(d));
    }
}

/// cosign with a throwaway key: `HOME` isolates its config, the password
/// comes from the environment and nothing reaches a transparency log.
fn cosign(home: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("cosign")
        .args(args)
        .current_dir(home)
        .env("HOME", home)
        .env("COSIGN_PASSWORD", "bosun-test")
        .env("DOCKER_CONFIG", home.join("docker"))
        .env("SIGSTORE_NO_CACHE", "1")
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// A cosign signature made in staging verifies in production after
/// `bosun promote`: the signature (a referrer, in the `sha256-<hex>`
/// fallback index on this registry, which has no referrers API) travels
/// with the image. Both cosign's default bundle format and its legacy
/// `.sig` tag are checked.
#[test]
fn promote_carries_cosign_signatures() {
    if !tools(&["docker-registry", "skopeo", "cosign"]) {
        return;
    }
    let staging = Registry::start("").unwrap();
    let production = Registry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let home = t.path();
    let (code, _, err) = bosun(home, &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    let (ok, out) = cosign(home, &["generate-key-pair"]);
    assert!(ok, "{out}");
    bosun_testkit::example::example_image(&home.join("img"));
    let insecure = format!("{},{}", staging.host(), production.host());
    let policy = home.join("pass.yaml");
    std::fs::write(
        &policy,
        "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: fresh\n        action: stop\n        message: fresh data\n        freshness:\n          max-age-hours: 24\n",
    )
    .unwrap();
    for (repo, legacy) in [("bundle", false), ("legacy", true)] {
        let src = format!("{}/team/{repo}:1.0", staging.host());
        let dst = format!("{}/team/{repo}:1.0", production.host());
        bosun_registry::testing::skopeo_push(
            &format!("oci:{}:latest", home.join("img").display()),
            &src,
            None,
        )
        .unwrap();
        let digest = skopeo_digest(&src).unwrap();
        let signed = format!("{}/team/{repo}@{digest}", staging.host());
        let mut sign = vec![
            "sign",
            "--yes",
            "--key",
            "cosign.key",
            "--tlog-upload=false",
            "--use-signing-config=false",
            "--allow-insecure-registry",
            "--allow-http-registry",
        ];
        if legacy {
            sign.push("--new-bundle-format=false");
        }
        sign.push(&signed);
        let (ok, out) = cosign(home, &sign);
        assert!(ok, "cosign sign: {out}");
        let verify = |image: &str| {
            let mut v = vec![
                "verify",
                "--key",
                "cosign.pub",
                "--insecure-ignore-tlog",
                "--allow-insecure-registry",
                "--allow-http-registry",
            ];
            if legacy {
                v.push("--new-bundle-format=false");
            }
            v.push(image);
            cosign(home, &v)
        };
        let (ok, out) = verify(&signed);
        assert!(ok, "cosign verify in staging: {out}");
        // Where cosign put it: the legacy `.sig` tag, or a bundle referrer
        // listed in the `sha256-<hex>` fallback index.
        let tag = digest.replace(':', "-");
        let stored = |host: &str| {
            let at = if legacy {
                format!("{host}/team/{repo}:{tag}.sig")
            } else {
                format!("{host}/team/{repo}:{tag}")
            };
            skopeo_digest(&at)
        };
        assert!(stored(&staging.host()).is_some(), "cosign stored nothing");
        assert_eq!(stored(&production.host()), None);

        let (code, out, err) = promote(home, &src, &dst, policy.to_str().unwrap(), &insecure);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("referrers:"), "{out}");
        assert_eq!(skopeo_digest(&dst), Some(digest.clone()));
        let promoted = format!("{}/team/{repo}@{digest}", production.host());
        assert_eq!(stored(&production.host()), stored(&staging.host()));
        let (ok, out) = verify(&promoted);
        assert!(ok, "cosign verify in production ({repo}): {out}");
    }
}
