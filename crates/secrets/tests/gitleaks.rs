//! Accuracy against gitleaks' published rule examples
//! (`../shared/data/secrets/gitleaks/cases.jsonl`): every true-positive
//! example must give at least one finding, every false-positive example
//! none. Our rules are written from the token formats, not from gitleaks'
//! rules, so the figures are a measure, pinned exactly so that a change in
//! either direction is noticed; the issue asks for at least 90% and under
//! 20%.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;

use bosun_secrets::Scanner;
use bosun_testkit::need::shared_data;

#[test]
fn gitleaks_examples() {
    let Some(cases) = shared_data("secrets/gitleaks/cases.jsonl") else {
        return;
    };
    let scanner = Scanner::builtin().unwrap();
    let text = std::fs::read_to_string(cases).unwrap();
    let (mut tp, mut tp_found, mut fp, mut fp_found) = (0, 0, 0, 0);
    let mut missed: BTreeMap<String, usize> = BTreeMap::new();
    let mut wrong: BTreeMap<String, usize> = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = case["rule_id"].as_str().unwrap();
        let body = case["text"].as_str().unwrap();
        let path = case["path"]
            .as_str()
            .map_or_else(|| format!("/src/case-{i}.txt"), |p| format!("/src/{p}"));
        let found = !scanner.scan(&path, body.as_bytes()).is_empty();
        if case["expected_match"].as_bool().unwrap() {
            tp += 1;
            if found {
                tp_found += 1;
            } else {
                *missed.entry(rule.to_owned()).or_default() += 1;
                if std::env::var_os("SHOW_MISSES").is_some() {
                    eprintln!("MISS {rule}: {body:?}");
                }
            }
        } else {
            fp += 1;
            if found {
                fp_found += 1;
                *wrong.entry(rule.to_owned()).or_default() += 1;
                if std::env::var_os("SHOW_MISSES").is_some() {
                    eprintln!(
                        "FP {rule}: {body:?} {:?}",
                        scanner.scan(&path, body.as_bytes())
                    );
                }
            }
        }
    }
    eprintln!("true positives found: {tp_found}/{tp}; false positives: {fp_found}/{fp}");
    eprintln!("missed by rule: {missed:?}");
    eprintln!("false positives by rule: {wrong:?}");
    assert_eq!((tp, fp), (3924, 242));
    assert!(tp_found * 10 >= tp * 9, "{tp_found}/{tp}");
    assert!(fp_found * 5 < fp, "{fp_found}/{fp}");
    // 98.4% and 16.5%; the misses and false positives by class are in
    // docs/secrets.md.
    assert_eq!((tp_found, fp_found), (3860, 40));
}
