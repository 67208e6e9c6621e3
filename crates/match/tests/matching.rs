//! The matcher on hand-written advisories (tests/fixtures): merging,
//! severity sources, fixes, unmatched versions, Debian source packages,
//! and the records that must never match (GIT-only, withdrawn, another
//! release); then filters, the ignore file, VEX and explain on the result.

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers outside #[test] fns

mod support;

use bosun_match::{
    Date, Filter, FixStatus, IgnoreFile, MatchOptions, Report, Severity, Vex, explain, fails,
    match_sbom, suppress,
};
use support::*;

fn report() -> (
    tempfile::TempDir,
    bosun_vulndb::Store,
    bosun_catalog::Sbom,
    Report,
) {
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), &[fixtures().join("advisories")]);
    let mut packages = bench_packages();
    packages.push(deb(
        "libssl3",
        "3.0.11-1~deb12u2",
        "openssl",
        "3.0.11-1~deb12u2",
    ));
    packages.push(deb(
        "openssl",
        "3.0.11-1~deb12u2",
        "openssl",
        "3.0.11-1~deb12u2",
    ));
    // A binary whose version (with its own epoch) differs from its
    // source's: the source version decides.
    packages.push(deb("binpkg", "1:2.0-1", "srcpkg", "5.0-1"));
    packages.push(lang(
        "pypi",
        "PyPI",
        "weird",
        "not-a-version",
        "/x/weird",
        1,
    ));
    let mut nothing = bosun_catalog::Package::new("binary", "mystery", "1.0", "binary");
    nothing.purl = "pkg:generic/mystery@1.0".to_owned();
    packages.push(nothing);
    let sbom = sbom(packages);
    let mut report = match_sbom(&store, &sbom, &MatchOptions::default()).unwrap();
    report.db = None;
    report.tool_version = "test".to_owned();
    (dir, store, sbom, report)
}

#[test]
fn fixtures_match_as_documented() {
    let (_dir, _store, _sbom, report) = report();
    let ids: Vec<(&str, &str)> = report
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f.package.name.as_str()))
        .collect();
    for never in ["FIX-GIT-1", "FIX-WD-1", "FIX-OTHERREL-1", "FIX-NOTAFF-1"] {
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.advisories.iter().any(|a| a == never)),
            "{never} matched: {ids:?}"
        );
    }
    let django = report
        .findings
        .iter()
        .find(|f| f.package.name == "Django")
        .unwrap();
    assert_eq!(django.id, "CVE-2099-0001");
    assert_eq!(django.advisories, ["FIX-MERGE-A", "GHSA-fix0-0000-0001"]);
    assert_eq!(django.fixed_versions, ["3.2.4", "3.2.5"]);
    assert_eq!(django.severity, Severity::High);
    assert_eq!(django.score.as_ref().unwrap().source, "GHSA");
    assert_eq!(
        django.created_by.as_deref(),
        Some("RUN pip install -r requirements.txt")
    );
    let flask = report
        .findings
        .iter()
        .find(|f| f.package.name == "Flask")
        .unwrap();
    assert_eq!(flask.status, FixStatus::Unfixed);
    assert_eq!(
        flask.score.as_ref().unwrap().cvss_version.as_deref(),
        Some("2.0")
    );
    let minimist = report
        .findings
        .iter()
        .find(|f| f.package.name == "minimist")
        .unwrap();
    assert_eq!(minimist.status, FixStatus::Unfixed);
    assert_eq!(
        minimist.score.as_ref().unwrap().cvss_version.as_deref(),
        Some("4.0")
    );
    let ssl: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.id == "FIX-DSA-1")
        .collect();
    assert_eq!(ssl.len(), 2, "one finding per binary package");
    assert_eq!(ssl[0].severity, Severity::Medium);
    assert_eq!(ssl[0].score.as_ref().unwrap().source, "Debian");
    assert_eq!(ssl[0].fixed_versions, ["3.0.13-1~deb12u1"]);
    assert!(ssl[0].aliases.contains(&"CVE-2099-0004".to_owned()));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == "CVE-2099-0005" && f.package.name == "binpkg")
    );
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.id == "CVE-2099-0002" && f.package.name == "PyYAML")
    );
    let mut unmatched: Vec<(&str, &str)> = report
        .unmatched
        .iter()
        .map(|u| (u.advisory.as_str(), u.package.name.as_str()))
        .collect();
    unmatched.sort();
    assert_eq!(
        unmatched,
        [
            ("", "mystery"),
            ("FIX-BADRANGE-1", "Jinja2"),
            ("FIX-WEIRD-1", "weird")
        ]
    );
    // Most severe first.
    assert!(
        report
            .findings
            .windows(2)
            .all(|w| w[0].severity >= w[1].severity)
    );
    insta::assert_json_snapshot!("fixtures_report", report);
}

#[test]
fn filters_and_threshold() {
    let (_dir, _store, _sbom, report) = report();
    let mut r = report.clone();
    Filter {
        ignore_unfixed: true,
        ..Filter::default()
    }
    .apply(&mut r);
    assert!(r.findings.iter().all(|f| f.status == FixStatus::Fixed));
    assert_eq!(r.filtered, report.findings.len() - r.findings.len());
    let mut r = report.clone();
    Filter {
        severities: Some(vec![Severity::High]),
        ..Filter::default()
    }
    .apply(&mut r);
    assert!(r.findings.iter().all(|f| f.severity == Severity::High));
    let mut r = report.clone();
    Filter {
        min_cvss: Some(9.0),
        ..Filter::default()
    }
    .apply(&mut r);
    assert!(
        r.findings
            .iter()
            .all(|f| f.score.as_ref().and_then(|s| s.base_score).unwrap_or(0.0) >= 9.0)
    );
    assert!(fails(&report, Severity::High));
    assert!(
        !fails(&report, Severity::Critical)
            || report
                .findings
                .iter()
                .any(|f| f.severity == Severity::Critical)
    );
}

#[test]
fn ignore_file_and_vex_suppress() {
    let (_dir, _store, _sbom, mut report) = report();
    let ignores = IgnoreFile::parse(
        concat!(
            "ignore:\n",
            "  - id: GHSA-fix0-0000-0001\n    package: Django\n    reason: not reachable\n    expires: 2030-01-01\n",
            "  - id: FIX-DSA-1\n    package: pkg:deb/debian/libssl3\n    reason: old\n    expires: 2020-01-01\n",
            "  - id: CVE-2099-0002\n    path: /usr/local/lib/python3.11/**\n    reason: vendored copy unused\n",
        ),
        ".bosunignore.yaml",
    )
    .unwrap();
    let vex = Vex::parse(
        br#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","author":"me","timestamp":"2024-01-01T00:00:00Z","version":1,
            "statements":[
              {"vulnerability":{"name":"FIX-LAST-1"},"products":[{"@id":"pkg:oci/app@sha256%3A0000000000000000000000000000000000000000000000000000000000000007",
                "subcomponents":[{"@id":"pkg:npm/minimist"}]}],
               "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"},
              {"vulnerability":{"name":"FIX-DSA-1"},"products":[{"@id":"example.invalid/app:1"}],"status":"affected",
               "action_statement":"upgrade"}]}"#,
        "app.openvex.json",
    )
    .unwrap();
    let today: Date = "2026-01-01".parse().unwrap();
    let expired = suppress(&mut report, &[ignores], &[vex], today);
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0].id, "FIX-DSA-1");
    assert_eq!(report.expired_ignores, expired);
    let s = by(&report, "Django").suppressed.as_ref().unwrap();
    assert_eq!(
        (s.kind.as_str(), s.status.as_str()),
        ("ignore-file", "ignored")
    );
    assert_eq!(s.expires.as_deref(), Some("2030-01-01"));
    assert!(by(&report, "PyYAML").suppressed.is_some());
    let s = by(&report, "minimist").suppressed.as_ref().unwrap();
    assert_eq!(s.kind, "vex");
    assert_eq!(
        s.justification.as_deref(),
        Some("vulnerable_code_not_in_execute_path")
    );
    assert!(
        by(&report, "libssl3").suppressed.is_none(),
        "expired entry and `affected` statement"
    );
    assert!(
        !fails(&report, Severity::Critical)
            || report
                .findings
                .iter()
                .any(|f| f.suppressed.is_none() && f.severity == Severity::Critical)
    );

    let cdx = Vex::parse(
        br#"{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,
            "components":[{"bom-ref":"ssl","type":"library","name":"libssl3","purl":"pkg:deb/debian/libssl3@3.0.11-1~deb12u2"}],
            "vulnerabilities":[{"id":"CVE-2099-0003","affects":[{"ref":"ssl"}],
              "analysis":{"state":"not_affected","justification":"code_not_reachable","detail":"FIPS provider only"}}]}"#,
        "cdx.json",
    )
    .unwrap();
    suppress(&mut report, &[], &[cdx], today);
    let s = by(&report, "libssl3").suppressed.as_ref().unwrap();
    assert_eq!(s.status, "not_affected");
    assert_eq!(
        s.justification.as_deref(),
        Some("code_not_reachable: FIPS provider only")
    );
    assert!(
        by(&report, "openssl").suppressed.is_none(),
        "names libssl3 only"
    );
}

fn by<'a>(report: &'a Report, name: &str) -> &'a bosun_match::Finding {
    report
        .findings
        .iter()
        .find(|f| f.package.name == name)
        .unwrap()
}

#[test]
fn explain_says_why_and_why_not() {
    let (_dir, store, sbom, _report) = report();
    let e = explain(&store, &sbom, "cve-2099-0001").unwrap();
    assert_eq!(e.len(), 1);
    assert!(e[0].affected);
    assert_eq!(e[0].records.len(), 2);
    assert!(
        e[0].evidence
            .iter()
            .any(|x| x.comparison.contains("3.2.0 < 3.2.4 (fixed)")),
        "{:?}",
        e[0].evidence
    );
    let e = explain(&store, &sbom, "FIX-NOTAFF-1").unwrap();
    assert_eq!(e.len(), 1);
    assert!(!e[0].affected);
    assert!(
        e[0].evidence[0]
            .comparison
            .starts_with("not affected: 4.17.15 >= 4.17.12 (fixed)"),
        "{:?}",
        e[0].evidence
    );
    let e = explain(&store, &sbom, "FIX-GIT-1").unwrap();
    assert!(!e[0].affected);
    assert!(e[0].problems[0].contains("GIT"), "{:?}", e[0].problems);
    let e = explain(&store, &sbom, "FIX-WD-1").unwrap();
    assert!(!e[0].affected);
    assert!(
        e[0].problems[0].contains("withdrawn"),
        "{:?}",
        e[0].problems
    );
}
