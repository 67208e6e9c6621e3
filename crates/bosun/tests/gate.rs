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
    // -f json keeps stdout a JSON document (promote's own lines go to
    // stderr); -f junit=FILE and --vex-out are written as gate writes them.
    let (code, out, err) = bosun(
        d,
        &[
            "promote",
            "oci:img:latest",
            "oci:prod3:latest",
            "--policy",
            ok.to_str().unwrap(),
            "-f",
            "json",
            "-f",
            "junit=gate.xml",
            "--vex-out",
            "applied.openvex.json",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["verdict"], "go");
    assert!(err.contains("promoted"), "{err}");
    assert!(d.join("gate.xml").exists() && d.join("applied.openvex.json").exists());
    assert_eq!(digest("oci:img:latest"), digest("oci:prod3:latest"));
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

/// Table, SARIF and JUnit from one run: the SARIF validates against the
/// official 2.1.0 schema and the JUnit is well-formed, one test case per
/// rule, a failure for each rule that stops.
#[test]
fn table_sarif_and_junit_from_one_run() {
    let tmp = setup();
    let d = tmp.path();
    let (code, out, err) = bosun(
        d,
        &[
            "gate",
            "oci:img:latest",
            "--policy",
            &policy("strict.yaml"),
            "-f",
            "table",
            "-f",
            "sarif=out.sarif",
            "-f",
            "junit=out.xml",
            "-f",
            "json=out.json",
        ],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("RULE") && out.contains("stop"), "{out}");
    let verdict: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out.json")).unwrap()).unwrap();
    let rules = verdict["platforms"][0]["rules"].as_array().unwrap();
    let stops = rules
        .iter()
        .filter(|r| r["status"] == "fail" && r["action"] == "stop")
        .count();
    let failed = rules.iter().filter(|r| r["status"] == "fail").count();
    assert!(stops > 0);

    let xml = std::fs::read_to_string(d.join("out.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let cases: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), rules.len(), "{xml}");
    let failures = cases
        .iter()
        .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
        .count();
    assert_eq!(failures, stops, "{xml}");

    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ruleId"].as_str().unwrap().to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        failed
    );
    let Some(check) = bosun_testkit::require_tool("check-jsonschema") else {
        return;
    };
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../report/tests/data/sarif-2.1.0-rtm.5.json"
    );
    let r = Command::new(check)
        .args(["--regex-variant", "python", "--schemafile", schema])
        .arg(d.join("out.sarif"))
        .output()
        .unwrap();
    assert!(
        r.status.success(),
        "{}{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}

/// A known base image is recognised by its layers (from `--base-image` or
/// the policy's `known-bases`): the verdict names it, and `layers: own`
/// and `layers: base` split the findings between the team's layers and
/// the base's. Without a base, those rules say why they were skipped.
#[test]
fn known_base_images_by_their_layers() {
    use bosun_testkit::{ImageSpec, OciLayout};
    let tmp = setup();
    let d = tmp.path();
    let mut base = OciLayout::create(d.join("base"));
    base.add_image(
        &ImageSpec::new().layer(bosun_testkit::example::base_layer()),
        Some("12"),
    );
    base.finish();
    let rules = "    rules:\n      - id: own-critical\n        action: stop\n        message: our layers add no critical vulnerability\n        vulnerabilities:\n          severity-at-least: critical\n          layers: own\n      - id: base-critical\n        action: warn\n        message: the base image has a critical vulnerability; move to a newer base\n        vulnerabilities:\n          severity-at-least: critical\n          layers: base\n";
    let plain = format!("apiVersion: bosun.policy/v1\npolicies:\n  p:\n{rules}");
    let known = format!(
        "apiVersion: bosun.policy/v1\nknown-bases:\n  - oci:base:12\npolicies:\n  p:\n{rules}"
    );
    std::fs::write(d.join("plain.yaml"), &plain).unwrap();
    std::fs::write(d.join("known.yaml"), &known).unwrap();
    let gate = |extra: &[&str]| {
        let mut args = vec!["gate", "oci:img:latest", "-f", "json"];
        args.extend_from_slice(extra);
        let (code, out, err) = bosun(d, &args);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
        (code, v)
    };
    for extra in [
        &["--policy", "plain.yaml", "--base-image", "oci:base:12"][..],
        &["--policy", "known.yaml"][..],
    ] {
        let (code, v) = gate(extra);
        assert_eq!(code, 0, "{v:#}");
        assert_eq!(v["verdict"], "warn", "{v:#}");
        let p = &v["platforms"][0];
        assert_eq!(p["base"]["found_by"], "layers", "{v:#}");
        assert_eq!(p["base"]["reference"], "oci:base:12");
        assert_eq!(p["base_layers"], 1);
        assert_eq!(p["rules"][0]["status"], "pass");
        assert_eq!(p["rules"][1]["status"], "fail");
        assert!(
            p["rules"][1]["evidence"][0]["subject"]
                .as_str()
                .unwrap()
                .contains("zlib")
        );
    }
    let (_, v) = gate(&["--policy", "plain.yaml"]);
    let p = &v["platforms"][0];
    assert!(p.get("base").is_none(), "{v:#}");
    assert_eq!(p["rules"][0]["status"], "skipped", "{v:#}");
}

/// A credential copied in one layer and deleted in the next is still in
/// the image: `scan --scanners secret` reports it with both layers, and a
/// policy's `secrets` rule stops the gate on it — with the value masked
/// everywhere.
#[test]
fn a_secret_removed_in_a_later_layer_still_stops_the_gate() {
    use bosun_testkit::{ImageSpec, Layer};
    const KEY: &str = "AKIAZ7VRSQ5TJNXWLA3M";
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let (code, _, err) = bosun(d, &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    let spec = ImageSpec::new()
        .layer(
            Layer::build(|t| {
                t.file(
                    "etc/passwd",
                    b"root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/app:/bin/sh\n",
                )?;
                t.file(
                    "root/.aws/credentials",
                    format!("[default]\naws_access_key_id = {KEY}\n").as_bytes(),
                )
            })
            .created_by("COPY credentials /root/.aws/"),
        )
        .layer(
            Layer::build(|t| t.whiteout("root/.aws/credentials"))
                .created_by("RUN rm /root/.aws/credentials"),
        )
        .config("User", serde_json::json!("app"));
    bosun_testkit::oci_layout(&d.join("img"), &spec, "1.0");

    let (code, out, err) = bosun(
        d,
        &["scan", "--scanners", "secret", "oci:img:1.0", "-f", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains(KEY) && !err.contains(KEY),
        "the key leaked: {out}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let s = &v["secrets"][0];
    assert_eq!(s["rule"], "aws-access-key-id");
    assert_eq!(s["file"], "/root/.aws/credentials");
    assert_eq!(
        (s["layer"].as_u64(), s["removed_in"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(s["masked"], "AKIA****************");
    assert_eq!(v["secrets"].as_array().unwrap().len(), 1, "{out}");

    std::fs::write(
        d.join("p.yaml"),
        "apiVersion: bosun.policy/v1
policies:
  p:
    rules:
      - id: no-secrets
        action: stop
        message: Remove the credential and rotate it
        secrets:
          severity-at-least: high
default-policy: p
",
    )
    .unwrap();
    let (code, out, err) = bosun(
        d,
        &["gate", "--policy", "p.yaml", "oci:img:1.0", "-f", "json"],
    );
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        !out.contains(KEY) && !err.contains(KEY),
        "the key leaked: {out}"
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let rule = &v["platforms"][0]["rules"][0];
    assert_eq!(rule["status"], "fail", "{rule}");
    assert_eq!(
        rule["evidence"][0]["subject"],
        "aws-access-key-id in /root/.aws/credentials:2 (AKIA****************), \
         still readable in layer 0 although removed in layer 1"
    );
    let (code, out, _) = bosun(d, &["gate", "--policy", "p.yaml", "oci:img:1.0"]);
    assert_eq!(code, 1);
    assert!(out.contains("no-secrets") && !out.contains(KEY), "{out}");

    // The ignore file excuses secrets as it excuses vulnerabilities: by
    // rule id and path, until it expires.
    std::fs::write(
        d.join(".bosunignore.yaml"),
        "ignore:\n  - id: aws-access-key-id\n    path: /root/.aws/**\n    reason: revoked key kept for a regression test\n    expires: 2099-12-31\n",
    )
    .unwrap();
    let (code, out, err) = bosun(d, &["gate", "--policy", "p.yaml", "oci:img:1.0"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = bosun(
        d,
        &[
            "scan",
            "--scanners",
            "secret",
            "--fail-on",
            "high",
            "oci:img:1.0",
        ],
    );
    assert_eq!(code, 0, "a suppressed secret does not fail the scan: {out}");
    assert!(
        out.contains("Secrets: 0 (1 more suppressed by the ignore file)"),
        "{out}"
    );
    let (_, out, _) = bosun(
        d,
        &["scan", "--scanners", "secret", "oci:img:1.0", "-f", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["secrets"][0]["suppressed"]["kind"], "ignore-file");
    std::fs::write(
        d.join(".bosunignore.yaml"),
        "ignore:\n  - id: aws-access-key-id\n    path: /app/**\n    reason: another path\n",
    )
    .unwrap();
    let (code, _, _) = bosun(d, &["gate", "--policy", "p.yaml", "oci:img:1.0"]);
    assert_eq!(code, 1, "an entry for another path excuses nothing");
}

#[test]
fn image_checks_and_efficiency_rules_stop_and_warn() {
    let Some(dive) = bosun_testkit::need::shared_data("efficiency/dive/test-docker-image.tar")
    else {
        return;
    };
    let tmp = setup();
    let d = tmp.path();
    let image = format!("docker-archive:{}", dive.display());
    std::fs::write(
        d.join("p.yaml"),
        "apiVersion: bosun.policy/v1
default-policy: p
policies:
  p:
    rules:
      - id: image-checks
        action: stop
        message: fix the image
        config:
          checks:
            severity-at-least: medium
      - id: lean
        action: warn
        message: clean up in the same layer
        efficiency:
          min-score: 0.99
          max-wasted-bytes: 20000
",
    )
    .unwrap();
    let (code, out, err) = bosun(d, &["gate", "--policy", "p.yaml", &image, "-f", "json"]);
    assert_eq!(code, 1, "{out}{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules = v["platforms"][0]["rules"].as_array().unwrap();
    let subjects = |id: &str| -> Vec<String> {
        rules.iter().find(|r| r["id"] == id).unwrap()["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    // dive's test image: root, ADD where COPY would do (the missing health
    // check is LOW); 32,025 wasted bytes.
    let checks = subjects("image-checks");
    assert!(
        checks.iter().any(|s| s.starts_with("CIS-DI-0001:"))
            && checks.iter().any(|s| s.starts_with("CIS-DI-0009:"))
            && !checks.iter().any(|s| s.starts_with("CIS-DI-0006:")),
        "{checks:?}"
    );
    let lean = subjects("lean");
    assert_eq!(lean.len(), 2, "{lean:?}");
    assert!(
        lean[0].starts_with("efficiency score 0.9844 is below 0.99"),
        "{lean:?}"
    );
    assert!(
        lean[1].starts_with("32025 wasted bytes; at most 20000"),
        "{lean:?}"
    );
    // The ignore file excuses a check by its code.
    std::fs::write(
        d.join(".bosunignore.yaml"),
        "ignore:\n  - id: CIS-DI-0001\n    reason: r\n  - id: CIS-DI-0009\n    reason: r\n",
    )
    .unwrap();
    let (_, out, err) = bosun(d, &["gate", "--policy", "p.yaml", &image, "-f", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let rule = v["platforms"][0]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "image-checks")
        .unwrap()
        .clone();
    let left: Vec<_> = rule["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            let s = e["subject"].as_str().unwrap();
            s.starts_with("CIS-DI-0001") || s.starts_with("CIS-DI-0009")
        })
        .collect();
    assert!(left.is_empty(), "{rule}{err}");
}
