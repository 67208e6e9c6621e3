//! Agreement with Trivy's secret-scanner test cases
//! (`../shared/data/secrets/trivy/scanner_cases.json`): every case that
//! runs Trivy's built-in rules (config `skip-test.yaml`, which only turns
//! off Trivy's `tests` path allow rule) is scanned with bosun's built-in
//! rules, and the lines each reports are compared. Rule ids differ between
//! the tools, so a case agrees when both report findings on the same lines
//! (or both report none). Cases with Trivy-specific configuration (custom
//! rules in Trivy's config format) are not comparable and are counted
//! apart. The figures are pinned exactly; the disagreements are printed
//! and explained in docs/secrets.md.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;

use bosun_secrets::Scanner;
use bosun_testkit::need::shared_data;
use serde_json::Value;

#[test]
fn trivy_builtin_rule_cases() {
    let Some(cases) = shared_data("secrets/trivy/scanner_cases.json") else {
        return;
    };
    let root = cases.parent().unwrap().to_path_buf();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&cases).unwrap()).unwrap();
    let scanner = Scanner::builtin().unwrap();
    let (mut builtin, mut agree, mut other_config) = (0, 0, 0);
    for case in doc["cases"].as_array().unwrap() {
        if case["configPath"].as_str() != Some("testdata/skip-test.yaml") {
            other_config += 1;
            continue;
        }
        builtin += 1;
        let (path, body) = match case["inputFilePath"].as_str() {
            Some(p) => (
                format!("/src/{p}"),
                std::fs::read(root.join(p)).unwrap_or_default(),
            ),
            None => (
                "/src/test.txt".to_owned(),
                case["input"]
                    .as_str()
                    .unwrap_or_default()
                    .as_bytes()
                    .to_vec(),
            ),
        };
        // Trivy's tests scan the content with `\r` removed.
        let body: Vec<u8> = body.into_iter().filter(|&b| b != b'\r').collect();
        let want: BTreeSet<u64> = case["want"]["Findings"]
            .as_array()
            .map(|f| f.iter().filter_map(|f| f["StartLine"].as_u64()).collect())
            .unwrap_or_default();
        let found = scanner.scan(&path, &body);
        let got: BTreeSet<u64> = found.iter().map(|f| u64::from(f.line)).collect();
        if want == got {
            agree += 1;
        } else {
            let rules: Vec<(&str, u32)> = found.iter().map(|f| (f.rule.as_str(), f.line)).collect();
            eprintln!(
                "DIFF {:?} ({path}): Trivy lines {want:?}, bosun {rules:?}",
                case["name"].as_str().unwrap_or_default()
            );
        }
    }
    eprintln!(
        "built-in rule cases: {agree}/{builtin} agree; {other_config} cases use Trivy's own config"
    );
    assert_eq!((builtin, other_config), (26, 26));
    // The one disagreement: Trivy reports a Stripe *publishable* key
    // (`pk_live_…`) in minified JS; it is public by design (it ships in
    // every Stripe web page), so bosun has no rule for it.
    assert_eq!(agree, 25);
}
