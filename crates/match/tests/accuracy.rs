//! Accuracy: the benchmark image's Python and npm packages against the
//! shared advisory data, compared with an independent computation
//! (tests/oracle/osv_oracle.py: Python's `packaging` for PyPI, node's
//! `semver` for npm). Every (advisory, package) pair must agree.
//!
//! Needs ../shared/data/advisories, python3 with `packaging` and PyYAML,
//! and node with `semver` (in target/oracle-tools/node_modules, where
//! .ci/setup.d/20-version.sh installs it); found through bosun-testkit, so
//! a missing one skips, or fails under BOSUN_REQUIRE_DATA /
//! BOSUN_REQUIRE_TOOLS. The number of agreeing pairs is asserted exactly.

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers outside #[test] fns

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use bosun_match::{MatchOptions, match_sbom};
use bosun_testkit::need::require_oracle_file;
use bosun_testkit::{require_probe, require_tool, shared_data};
use support::*;

#[test]
fn bench_packages_match_the_oracle() {
    let Some(adv) = shared_data("advisories") else {
        return;
    };
    if !require_probe(
        "python3 with packaging and PyYAML",
        Command::new("python3").args(["-c", "import packaging.version, yaml"]),
    ) || require_tool("node").is_none()
    {
        return;
    }
    let Some(semver) = require_oracle_file("node semver", "node_modules/semver/package.json")
    else {
        return;
    };
    // The node_modules folder holding semver/.
    let semver = semver.parent().and_then(Path::parent).unwrap();
    let fixtures = fixtures().join("advisories");
    // go and debian-osv add volume (other ecosystems in the same store
    // must not leak into PyPI and npm results).
    let sources = [
        adv.join("pypi"),
        adv.join("npm-osv"),
        adv.join("go"),
        adv.join("debian-osv"),
        fixtures.clone(),
    ];
    let dir = tempfile::tempdir().unwrap();
    let store = store(dir.path(), &sources);
    let sbom = sbom(bench_packages());
    let report = match_sbom(&store, &sbom, &MatchOptions::default()).unwrap();

    let ours: BTreeSet<(String, String, String, String)> = report
        .findings
        .iter()
        .flat_map(|f| {
            f.advisories.iter().map(|a| {
                (
                    a.clone(),
                    f.package.ecosystem.clone(),
                    f.package.name.clone(),
                    f.package.version.clone(),
                )
            })
        })
        .collect();

    let list: Vec<serde_json::Value> = sbom
        .packages
        .iter()
        .map(
            |p| serde_json::json!({"ecosystem": p.ecosystem, "name": p.name, "version": p.version}),
        )
        .collect();
    let pk = dir.path().join("packages.json");
    std::fs::write(&pk, serde_json::to_vec(&list).unwrap()).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/osv_oracle.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(&pk)
        .args([adv.join("pypi"), adv.join("npm-osv"), fixtures])
        .env("SEMVER_DIR", semver)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: BTreeSet<(String, String, String, String)> =
        serde_json::from_slice::<Vec<(String, String, String, String)>>(&out.stdout)
            .unwrap()
            .into_iter()
            .collect();

    let only_ours: Vec<_> = ours.difference(&theirs).collect();
    let only_theirs: Vec<_> = theirs.difference(&ours).collect();
    eprintln!(
        "accuracy: {} (advisory, package) pairs from bosun, {} from the oracle, {} findings, {} unmatched",
        ours.len(),
        theirs.len(),
        report.findings.len(),
        report.unmatched.len()
    );
    for u in &report.unmatched {
        eprintln!(
            "  unmatched: {} {} {}: {}",
            u.advisory, u.package.name, u.package.version, u.reason
        );
    }
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "bosun only: {only_ours:#?}\noracle only: {only_theirs:#?}"
    );
    assert_eq!(
        ours.len(),
        57,
        "(advisory, package) pairs changed; when more match, update the figure in the same commit"
    );
    for never in ["FIX-GIT-1", "FIX-WD-1", "FIX-NOTAFF-1"] {
        assert!(!ours.iter().any(|(a, ..)| a == never), "{never} matched");
    }
}
