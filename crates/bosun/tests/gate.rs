//! `bosun gate`, `bosun promote` and `bosun policy` as a user runs them:
//! the README's example image against the example policies, exit codes,
//! the JSON verdict, invalid policies, and promotion between OCI layouts
//! (the registry-to-registry path is in `gate_registry.rs`).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const ADVISORIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/advisories");
const POLICIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/policies");

fn bosun(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("BOSUN_CACHE_DIR", dir.join("cache"))
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

fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    let (code, _, err) = bosun(tmp.path(), &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    tmp
}

fn policy(name: &str) -> String {
    format!("{POLICIES}/{name}")
}

/// The verdict with what changes from run to run (the database's age and
/// its sources' paths, which hold the checkout's) made stable for snapshots.
fn stable(mut v: Value) -> Value {
    v["database"]["age_hours"] = Value::from(0);
    v["database"]["sources"] = serde_json::json!(["ADVISORIES"]);
    v
}

#[test]
fn strict_policy_stops_the_example_image() {
    let tmp = setup();
    let d = tmp.path();
    // A relative path keeps the policy's name stable in the snapshots.
    std::fs::copy(policy("strict.yaml"), d.join("strict.yaml")).unwrap();
    let strict = "strict.yaml";
    let (code, out, err) = bosun(d, &["gate", "oci:img:latest", "--policy", strict]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("verdict: stop"), "{out}");
    insta::assert_snapshot!("gate_strict_table", out);
    let (code, out, err) = bosun(
        d,
        &["gate", "oci:img:latest", "--policy", strict, "-f", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["schema"], "bosun.verdict/v1");
    assert_eq!(v["verdict"], "stop");
    assert_eq!(v["policy"]["sha256"].as_str().unwrap().len(), 64);
    assert!(
        v["platforms"][0]["image"]["digest"]
            .as_str()
            .unwrap()
            .starts_with("sha256:")
    );
    let rules = v["platforms"][0]["rules"].as_array().unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap();
    assert_eq!(rule("no-root")["status"], "fail");
    // requests 2.19.0's HIGH finding has a fix (2.20.0); zlib's critical
    // one has none.
    assert_eq!(rule("fixable-high")["status"], "fail");
    assert_eq!(rule("fixable-high")["count"], 1);
    assert_eq!(rule("cvss-7")["status"], "fail");
    assert_eq!(rule("trusted-base")["status"], "skipped");
    insta::assert_json_snapshot!("gate_strict_json", stable(v));
}

#[test]
fn warnings_pass_unless_strict() {
    let tmp = setup();
    let d = tmp.path();
    let policy = d.join("warn.yaml");
    std::fs::write(
        &policy,
        "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: no-root\n        action: warn\n        message: runs as root\n        config:\n          root-user: true\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    let (code, out, err) = bosun(d, &["gate", "oci:img:latest", "--policy", p]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("verdict: warn"), "{out}");
    let (code, out, _) = bosun(d, &["gate", "oci:img:latest", "--policy", p, "--strict"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn invalid_policy_is_an_error_with_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let p = d.join("bad.yaml");
    std::fs::write(
        &p,
        "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: a\n        action: stop\n        message: m\n        vulnerabilities:\n          severity-at-least: severe\n          cvss-at-least: 12\n",
    )
    .unwrap();
    let (code, _, err) = bosun(d, &["policy", "check", "bad.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("line 9 column") && err.contains("line 10 column"),
        "{err}"
    );
    let (code, _, err) = bosun(d, &["gate", "oci:x", "--policy", "bad.yaml"]);
    assert_eq!(code, 2, "{err}");
    let (code, out, _) = bosun(d, &["policy", "check", &policy("strict.yaml")]);
    assert_eq!(code, 0);
    assert!(out.contains("valid"), "{out}");
    let (code, out, _) = bosun(d, &["policy", "explain", "vulnerabilities"]);
    assert_eq!(code, 0);
    assert!(out.contains("fail-closed"), "{out}");
    let (code, out, _) = bosun(d, &["policy", "schema"]);
    assert_eq!(code, 0);
    let schema: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        schema["properties"]["apiVersion"]["const"],
        "bosun.policy/v1"
    );
}

#[test]
fn promote_copies_only_what_passes() {
    let tmp = setup();
    let d = tmp.path();
    let ok = d.join("ok.yaml");
    std::fs::write(
        &ok,
        "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: fresh\n        action: stop\n        message: fresh data\n        freshness:\n          max-age-hours: 24\n",
    )
    .unwrap();
    let (code, out, err) = bosun(
        d,
        &[
            "promote",
            "oci:img:latest",
            "oci:prod:latest",
            "--policy",
            ok.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("promoted"), "{out}");
    let digest = |layout: &str| -> String {
        let (code, out, err) = bosun(d, &["inspect", layout, "--format", "json"]);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["manifest_digest"].as_str().unwrap().to_owned()
    };
    assert_eq!(digest("oci:img:latest"), digest("oci:prod:latest"));
    // A stop leaves the destination alone.
    let (code, out, _) = bosun(
        d,
        &[
            "promote",
            "oci:img:latest",
            "oci:prod2:latest",
            "--policy",
            &policy("strict.yaml"),
        ],
    );
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("not promoted"), "{out}");
    assert!(!d.join("prod2").exists());
}

/// The JSON verdict validates against its published schema, and the
/// example policies against the policy schema (check-jsonschema reads
/// YAML instances as they are).
#[test]
fn verdict_and_policies_validate_against_their_schemas() {
    if bosun_testkit::require_tool("check-jsonschema").is_none() {
        return;
    }
    let tmp = setup();
    let d = tmp.path();
    let (_, out, err) = bosun(
        d,
        &[
            "gate",
            "oci:img:latest",
            "--policy",
            &policy("strict.yaml"),
            "-f",
            "json",
        ],
    );
    std::fs::write(d.join("verdict.json"), &out).unwrap();
    let schemas = concat!(env!("CARGO_MANIFEST_DIR"), "/../policy/schema");
    let check = |schema: &str, files: &[String]| {
        let out = Command::new("check-jsonschema")
            .arg("--schemafile")
            .arg(format!("{schemas}/{schema}"))
            .args(files)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{schema}: {}{}\n{err}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    check(
        "bosun.verdict.v1.json",
        &[d.join("verdict.json").display().to_string()],
    );
    check(
        "bosun.policy.v1.json",
        &[policy("strict.yaml"), policy("dev.yaml")],
    );
}

/// An allowlist entry excuses a finding until it expires; `--vex-out`
/// writes the applied exceptions as OpenVEX, which `scan --vex` honours.
#[test]
fn allowlist_and_vex_out() {
    let tmp = setup();
    let d = tmp.path();
    let write = |expires: &str| {
        std::fs::write(
            d.join("allow.yaml"),
            format!(
                "apiVersion: bosun.policy/v1\npolicies:\n  p:\n    rules:\n      - id: crit\n        action: stop\n        message: no critical\n        vulnerabilities:\n          severity-at-least: critical\nmappings:\n  - image: oci:img\n    policy: p\n    allowlist:\n      - rule: crit\n        match: CVE-2023-45853\n        reason: minizip is not shipped\n        owner: alice@example.com\n        expires: {expires}\n"
            ),
        )
        .unwrap();
    };
    write("2099-12-31");
    let (code, out, err) = bosun(
        d,
        &[
            "gate",
            "oci:img:latest",
            "--policy",
            "allow.yaml",
            "--vex-out",
            "vex.json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("allowed: CVE-2023-45853") && out.contains("alice@example.com"),
        "{out}"
    );
    let vex: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("vex.json")).unwrap()).unwrap();
    assert_eq!(
        vex["statements"][0]["vulnerability"]["name"],
        "CVE-2023-45853"
    );
    assert_eq!(vex["statements"][0]["status"], "not_affected");
    let (code, _, err) = bosun(
        d,
        &[
            "scan",
            "oci:img:latest",
            "--vex",
            "vex.json",
            "--fail-on",
            "critical",
        ],
    );
    assert_eq!(code, 0, "the exported VEX suppresses the finding: {err}");
    // Expired: the entry no longer applies and is listed.
    write("2020-01-31");
    let (code, out, _) = bosun(d, &["gate", "oci:img:latest", "--policy", "allow.yaml"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("expired allowlist entry"), "{out}");
}
