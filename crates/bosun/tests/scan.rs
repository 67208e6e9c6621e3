//! `bosun scan` and `bosun explain` as a user runs them: the README's
//! example image against the example advisories (`examples/advisories`),
//! exit codes, filters, formats (SARIF and CycloneDX checked against their
//! official schemas), the ignore file and its expiry, VEX, SBOM input
//! (bosun's own CycloneDX and SPDX, and syft's JSON made by syft), the
//! database age checks and the `scan:` config section.

#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use bosun_testkit::{cyclonedx_schema, require_tool, syft_binary};
use serde_json::Value;

const ADVISORIES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/advisories");

fn bosun(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("BOSUN_CACHE_DIR", dir.join("cache"))
        .env("BOSUN_DB", dir.join("db.sqlite"))
        .env("XDG_CACHE_HOME", dir.join("xdg"))
        .env("SOURCE_DATE_EPOCH", "1704164645")
        .env_remove("BOSUN_CONFIG")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A temporary directory holding the example image (`oci:img:latest`) and
/// a database of the example advisories.
fn setup() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    let (code, _, err) = bosun(tmp.path(), &["db", "import", ADVISORIES]);
    assert_eq!(code, 0, "{err}");
    tmp
}

fn json(dir: &Path, args: &[&str]) -> (i32, Value, String) {
    let mut a = args.to_vec();
    a.extend(["-f", "json"]);
    let (code, out, err) = bosun(dir, &a);
    assert!(code == 0 || code == 1, "{code}: {err}");
    (code, serde_json::from_str(&out).unwrap(), err)
}

fn ids(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f.get("suppressed").is_none_or(Value::is_null))
        .map(|f| f["id"].as_str().unwrap().to_owned())
        .collect()
}

fn finding<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("{id} not in {report}"))
}

#[test]
fn example_image_findings_and_table() {
    let tmp = setup();
    let (code, out, err) = bosun(tmp.path(), &["scan", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains('\x1b'), "colour in a pipe");
    for id in ["CVE-2023-5678", "CVE-2023-45853", "Total: "] {
        assert!(out.contains(id), "{id} missing:\n{out}");
    }
    // Sorted by severity: the critical zlib finding comes first.
    assert!(
        out.find("CVE-2023-45853") < out.find("CVE-2023-5678"),
        "{out}"
    );
    assert!(
        !out.contains("BOSUN-EXAMPLE"),
        "withdrawn or GIT-only record reported:\n{out}"
    );

    let (_, r, _) = json(tmp.path(), &["scan", "oci:img:latest"]);
    assert_eq!(r["schema"], "bosun.scan/v1");
    let ssl = finding(&r, "CVE-2023-5678");
    assert_eq!(ssl["package"]["name"], "libssl3");
    assert_eq!(ssl["package"]["version"], "3.0.11-1~deb12u2");
    assert_eq!(ssl["fixed_versions"][0], "3.0.13-1~deb12u1");
    assert_eq!(ssl["layer"]["index"], 0);
    assert!(ssl["created_by"].as_str().unwrap().contains("ADD file"));
    let z = finding(&r, "CVE-2023-45853");
    assert_eq!(z["status"], "unfixed");
    assert_eq!(z["severity"], "CRITICAL");
    assert_eq!(z["score"]["cvss_version"], "3.1");
}

#[test]
fn fail_on_filters_and_exit_codes() {
    let tmp = setup();
    let d = tmp.path();
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest", "--fail-on", "critical"]);
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = bosun(d, &["scan", "oci:img:latest", "--fail-on", "high"]);
    assert_eq!(code, 1);
    // The only critical finding has no fix.
    let (code, _, _) = bosun(
        d,
        &[
            "scan",
            "oci:img:latest",
            "--fail-on",
            "critical",
            "--ignore-unfixed",
        ],
    );
    assert_eq!(code, 0);
    let (_, r, _) = json(d, &["scan", "oci:img:latest", "--severity", "medium"]);
    assert!(
        ids(&r)
            .iter()
            .all(|i| finding(&r, i)["severity"] == "MEDIUM"),
        "{r}"
    );
    assert!(ids(&r).contains("CVE-2023-5678"));
    let (_, r, _) = json(d, &["scan", "oci:img:latest", "--min-cvss", "9"]);
    assert_eq!(ids(&r), BTreeSet::from(["CVE-2023-45853".to_owned()]));
    // Environment variables stand in for flags.
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(["scan", "oci:img:latest"])
        .current_dir(d)
        .env("BOSUN_DB", d.join("db.sqlite"))
        .env("BOSUN_CACHE_DIR", d.join("cache"))
        .env("BOSUN_FAIL_ON", "critical")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // Errors are 2.
    let (code, _, err) = bosun(d, &["scan", "oci:img:nope"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest", "--fail-on", "severe"]);
    assert_eq!(code, 2);
    assert!(err.contains("severe"), "{err}");
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest", "-f", "xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("cyclonedx-json"), "{err}");
}

#[test]
fn missing_database_says_how_to_get_one() {
    let tmp = tempfile::tempdir().unwrap();
    bosun_testkit::example::example_image(&tmp.path().join("img"));
    let (code, out, err) = bosun(tmp.path(), &["scan", "oci:img:latest"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bosun db update") && err.contains("bosun db import"),
        "{err}"
    );
}

#[test]
fn database_age_refusal() {
    let tmp = setup();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (code, _, err) = bosun(
        tmp.path(),
        &["scan", "oci:img:latest", "--db-max-age", "1s"],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--db-max-age"), "{err}");
    let (code, _, err) = bosun(
        tmp.path(),
        &["scan", "oci:img:latest", "--db-max-age", "30d"],
    );
    assert_eq!(code, 0, "{err}");
    // The warning threshold comes from the config's db section.
    std::fs::write(tmp.path().join(".bosun.yaml"), "db:\n  max-age: 1s\n").unwrap();
    let (code, _, err) = bosun(tmp.path(), &["scan", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning") && err.contains("bosun db update"),
        "{err}"
    );
}

#[test]
fn config_section_and_flags() {
    let tmp = setup();
    let d = tmp.path();
    std::fs::write(
        d.join(".bosun.yaml"),
        "scan:\n  fail-on: critical\n  severity: [critical, medium]\n",
    )
    .unwrap();
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest"]);
    assert_eq!(code, 1, "{err}");
    // A flag wins over the config.
    let (_, r, _) = json(d, &["scan", "oci:img:latest", "--severity", "medium"]);
    assert_eq!(
        ids(&r),
        BTreeSet::from(["CVE-2023-32681".to_owned(), "CVE-2023-5678".to_owned()])
    );
    std::fs::write(d.join(".bosun.yaml"), "scan:\n  fail-onn: critical\n").unwrap();
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest"]);
    assert_eq!(code, 2);
    assert!(err.contains("fail-onn"), "{err}");
}

#[test]
fn several_formats_in_one_run() {
    let tmp = setup();
    let d = tmp.path();
    let (code, out, err) = bosun(
        d,
        &[
            "scan",
            "oci:img:latest",
            "-f",
            "table",
            "-f",
            "sarif=out.sarif",
            "-f",
            "cyclonedx-json=out.cdx.json",
            "-f",
            "json=out.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("CVE-2023-5678"));
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(d.join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(
        rules
            .iter()
            .all(|r| r["properties"]["security-severity"].is_string())
    );
    let cdx: Value =
        serde_json::from_slice(&std::fs::read(d.join("out.cdx.json")).unwrap()).unwrap();
    let refs: BTreeSet<&str> = cdx["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    let vulns = cdx["vulnerabilities"].as_array().unwrap();
    assert!(!vulns.is_empty());
    for v in vulns {
        assert!(
            refs.contains(v["affects"][0]["ref"].as_str().unwrap()),
            "{v}"
        );
    }
    let _: Value = serde_json::from_slice(&std::fs::read(d.join("out.json")).unwrap()).unwrap();
    // -o takes the format that has no file of its own.
    let (code, out, _) = bosun(d, &["scan", "oci:img:latest", "-f", "json", "-o", "r.json"]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    assert!(d.join("r.json").exists());
    // Two formats cannot share stdout.
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest", "-f", "json", "-f", "table"]);
    assert_eq!(code, 2);
    assert!(err.contains("FORMAT=FILE"), "{err}");
}

fn check_schema(check_jsonschema: &Path, schema: &Path, doc: &Path, python_regex: bool) {
    let mut c = Command::new(check_jsonschema);
    if python_regex {
        // The SARIF schema has a pattern only Python's regex dialect accepts.
        c.args(["--regex-variant", "python"]);
    }
    let r = c.arg("--schemafile").arg(schema).arg(doc).output().unwrap();
    assert!(
        r.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}

#[test]
fn sarif_and_cyclonedx_validate_against_the_official_schemas() {
    let Some(check_jsonschema) = require_tool("check-jsonschema") else {
        return;
    };
    let tmp = setup();
    let d = tmp.path();
    // A suppressed finding too, so `suppressions` and `analysis` are checked;
    // and a suppressed image check.
    std::fs::write(
        d.join(".bosunignore.yaml"),
        "ignore:\n  - id: CIS-DI-0006\n    path: config\n    reason: the orchestrator probes it\n",
    )
    .unwrap();
    std::fs::write(
        d.join("vex.json"),
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.invalid/vex/1","author":"t","timestamp":"2024-01-01T00:00:00Z","version":1,
            "statements":[{"vulnerability":{"name":"CVE-2023-45853"},"products":[{"@id":"oci:img:latest"}],
            "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
    )
    .unwrap();
    let (code, _, err) = bosun(
        d,
        &[
            "scan",
            "oci:img:latest",
            "--vex",
            "vex.json",
            "--scanners",
            "all",
            "-f",
            "sarif=out.sarif",
            "-f",
            "cyclonedx-json=out.cdx.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // Image checks are results too, suppressed ones included.
    let sarif: Value =
        serde_json::from_slice(&std::fs::read(d.join("out.sarif")).unwrap()).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let checks: Vec<_> = results
        .iter()
        .filter(|r| r["ruleId"].as_str().unwrap().starts_with("config/"))
        .collect();
    assert!(
        checks
            .iter()
            .any(|r| r["ruleId"] == "config/CIS-DI-0006"
                && r["suppressions"][0]["kind"] == "external"),
        "{checks:?}"
    );
    let sarif_schema =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../report/tests/data/sarif-2.1.0-rtm.5.json");
    check_schema(&check_jsonschema, &sarif_schema, &d.join("out.sarif"), true);
    let Some(cdx) = cyclonedx_schema() else {
        return;
    };
    check_schema(&check_jsonschema, &cdx, &d.join("out.cdx.json"), false);
}

#[test]
fn ignore_file_and_its_expiry() {
    let tmp = setup();
    let d = tmp.path();
    std::fs::write(
        d.join(".bosunignore.yaml"),
        "ignore:\n  - id: CVE-2023-45853\n    package: zlib1g\n    reason: MiniZip is not shipped\n    expires: 2999-12-31\n  - id: CVE-2023-5678\n    reason: old exception\n    expires: 2020-01-01\n",
    )
    .unwrap();
    let (code, r, err) = json(d, &["scan", "oci:img:latest", "--fail-on", "critical"]);
    assert_eq!(code, 0, "{err}");
    let z = finding(&r, "CVE-2023-45853");
    assert_eq!(z["suppressed"]["kind"], "ignore-file");
    assert_eq!(z["suppressed"]["justification"], "MiniZip is not shipped");
    // The expired entry stops applying and is reported.
    assert!(
        finding(&r, "CVE-2023-5678")
            .get("suppressed")
            .is_none_or(Value::is_null)
    );
    assert!(
        err.contains("CVE-2023-5678") && err.contains("expired"),
        "{err}"
    );
    assert_eq!(r["expired_ignores"][0]["id"], "CVE-2023-5678");
    let (_, out, _) = bosun(d, &["scan", "oci:img:latest"]);
    assert!(out.contains("Suppressed: 1"), "{out}");
    // --ignore-file names another file; a missing one is an error.
    let (code, _, err) = bosun(d, &["scan", "oci:img:latest", "--ignore-file", "nope.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.yaml"), "{err}");
}

#[test]
fn vex_suppresses_with_its_justification() {
    let tmp = setup();
    let d = tmp.path();
    std::fs::write(
        d.join("app.openvex.json"),
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.invalid/vex/2","author":"t","timestamp":"2024-01-01T00:00:00Z","version":1,
            "statements":[{"vulnerability":{"name":"CVE-2023-45853"},
            "products":[{"@id":"oci:img:latest","subcomponents":[{"@id":"pkg:deb/debian/zlib1g"}]}],
            "status":"not_affected","justification":"vulnerable_code_not_present"}]}"#,
    )
    .unwrap();
    let (code, r, err) = json(
        d,
        &[
            "scan",
            "oci:img:latest",
            "--vex",
            "app.openvex.json",
            "--fail-on",
            "critical",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let z = finding(&r, "CVE-2023-45853");
    assert_eq!(z["suppressed"]["kind"], "vex");
    assert_eq!(z["suppressed"]["status"], "not_affected");
    assert_eq!(
        z["suppressed"]["justification"],
        "vulnerable_code_not_present"
    );
}

#[test]
fn sbom_input_gives_the_same_findings() {
    let tmp = setup();
    let d = tmp.path();
    let (_, direct, _) = json(d, &["scan", "oci:img:latest"]);
    for (fmt, file) in [
        ("cyclonedx-json", "bom.cdx.json"),
        ("spdx-json", "bom.spdx.json"),
    ] {
        let (code, _, err) = bosun(d, &["sbom", "oci:img:latest", "-f", fmt, "-o", file]);
        assert_eq!(code, 0, "{err}");
        let (_, r, _) = json(d, &["scan", &format!("sbom:{file}")]);
        assert_eq!(ids(&r), ids(&direct), "{fmt}");
    }
    let (code, _, err) = bosun(d, &["scan", "sbom:missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json"), "{err}");
    std::fs::write(d.join("junk.json"), "{\"hello\": 1}").unwrap();
    let (code, _, err) = bosun(d, &["scan", "sbom:junk.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("CycloneDX"), "{err}");
}

#[test]
fn syft_json_made_by_syft() {
    let Some(syft) = syft_binary() else {
        return;
    };
    let tmp = setup();
    let d = tmp.path();
    let out = Command::new(syft)
        .args(["scan", "oci-dir:img", "-o", "syft-json=syft.json", "-q"])
        .current_dir(d)
        .env("SYFT_CHECK_FOR_APP_UPDATE", "false")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, r, err) = json(d, &["scan", "sbom:syft.json"]);
    assert!(r["packages_scanned"].as_u64().unwrap() >= 2, "{err}");
    let ssl = finding(&r, "CVE-2023-5678");
    assert_eq!(ssl["package"]["name"], "libssl3");
    // syft records the layer of each location: the finding keeps it.
    assert_eq!(ssl["layer"]["index"], 0, "{ssl}");
    assert!(ids(&r).contains("CVE-2023-45853"));
}

#[test]
fn explain_with_and_without_an_image() {
    let tmp = setup();
    let d = tmp.path();
    let (code, out, err) = bosun(d, &["explain", "CVE-2023-5678", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "libssl3",
        "3.0.11-1~deb12u2",
        "AFFECTED",
        "3.0.13-1~deb12u1",
        "layer",
        "dpkg",
    ] {
        assert!(out.contains(want), "{want} missing:\n{out}");
    }
    let (code, out, err) = bosun(d, &["explain", "GHSA-x84v-xcm2-53pg"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("PyPI requests") && out.contains("fixed 2.20.0"),
        "{out}"
    );
    let (code, out, _) = bosun(d, &["explain", "BOSUN-EXAMPLE-GIT-ONLY"]);
    assert_eq!(code, 0);
    assert!(out.contains("not used for packages"), "{out}");
    let (code, _, err) = bosun(d, &["explain", "CVE-0000-0000"]);
    assert_eq!(code, 2);
    assert!(err.contains("CVE-0000-0000"), "{err}");
    let (code, out, _) = bosun(
        d,
        &["explain", "CVE-2023-5678", "oci:img:latest", "-f", "json"],
    );
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["affected"], true);
}

#[test]
fn help_has_examples() {
    let tmp = tempfile::tempdir().unwrap();
    for cmd in ["scan", "explain"] {
        let (code, out, _) = bosun(tmp.path(), &[cmd, "--help"]);
        assert_eq!(code, 0);
        assert!(out.contains("Examples:"), "{out}");
    }
}

/// The benchmark image of ../shared/tools/make-images.sh with every
/// scanner: the AWS key added in layer 4 and deleted in layer 5 (0-based;
/// the base is layer 0) is found with both layers named, and nothing else
/// is a secret; USER root and the missing HEALTHCHECK are reported.
#[test]
fn vulnapp_with_every_scanner() {
    let Some(layout) = bosun_testkit::vulnapp::vulnapp() else {
        return;
    };
    let tmp = setup();
    let d = tmp.path();
    let target = format!("oci:{}:latest", layout.display());
    let (_, r, err) = json(d, &["scan", "--scanners", "all", &target]);
    let secrets: Vec<_> = r["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["rule"].as_str().unwrap(),
                s["file"].as_str().unwrap(),
                s["line"].as_u64().unwrap(),
                s["layer"].as_u64().unwrap(),
                s["removed_in"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        secrets,
        [
            ("aws-access-key-id", "/root/.aws/credentials", 2, 4, 5),
            ("aws-secret-access-key", "/root/.aws/credentials", 3, 4, 5),
        ],
        "{err}"
    );
    let config = r["config"].as_array().unwrap();
    let mut codes: Vec<&str> = config
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        // The base's setuid helpers (su, passwd, mount…): Debian's own.
        .filter(|c| *c != "CIS-DI-0008")
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        [
            // /debconf/templates.dat and templates.dat-old, rewritten by apt.
            "BSN-EF-0002",
            "BSN-EF-0002",
            "CIS-DI-0001",
            "CIS-DI-0006",
            // The credentials file, still in layer 4.
            "CIS-DI-0010",
            // The empty /root/.aws the deletion left.
            "DKL-LI-0003",
        ],
        "{config:#?}"
    );
    let root = config.iter().find(|c| c["code"] == "CIS-DI-0001").unwrap();
    assert_eq!(root["message"], "the image runs as root (USER root)");
    let cred = config.iter().find(|c| c["code"] == "CIS-DI-0010").unwrap();
    assert_eq!(cred["file"], "/root/.aws/credentials");
    assert_eq!(cred["layer"], 4);
    assert!(
        config
            .iter()
            .filter(|c| c["code"] == "CIS-DI-0008")
            .all(|c| c["layer"] == 0),
        "every setuid file comes with the base"
    );
    let e = &r["efficiency"];
    assert_eq!(e["layers"].as_array().unwrap().len(), 6, "{e}");
    assert!(e["score"].as_f64().unwrap() > 0.99, "{e}");
    assert_eq!(
        e["inefficient"][0]["path"], "/var/cache/debconf/templates.dat",
        "{e}"
    );
    // The table says the same to a person.
    let (_, out, _) = bosun(d, &["scan", "--scanners", "all", &target]);
    assert!(
        out.contains("removed in layer 5, still readable") && out.contains("CIS-DI-0006"),
        "{out}"
    );
}
