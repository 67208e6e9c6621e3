//! hadolint's own rule expectations (`../shared/data/hadolint/rule_cases.jsonl`,
//! facts extracted from its GPL-3.0 test suite, read at test time and not
//! copied here). ShellCheck cases (`SC*`) are out of scope: bosun does not
//! embed ShellCheck.

#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::panic)] // test helpers

use std::collections::BTreeMap;

use bosun_dockerfile::config::LabelType;
use bosun_dockerfile::lint::lint_with;
use bosun_dockerfile::{Dockerfile, LintConfig, RULES};

/// Turns the Haskell config expression of a case into our config.
fn config(expr: Option<&str>) -> LintConfig {
    let mut c = LintConfig::default();
    let Some(e) = expr else { return c };
    let strings = |key: &str| -> Vec<String> {
        let Some(p) = e.find(key) else {
            return Vec::new();
        };
        let rest = &e[p..];
        let (open, close) = (rest.find('[').unwrap(), rest.find(']').unwrap());
        rest[open + 1..close]
            .split(',')
            .map(|s| s.trim().trim_matches('"').to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    c.trusted_registries = strings("allowedRegistries");
    c.ignored = strings("ignoreRules");
    c.strict_labels = e.contains("strictLabels = True");
    if let Some(p) = e.find("labelSchema") {
        let rest = &e[p..];
        let body = &rest[rest.find('[').unwrap() + 1..rest.find(']').unwrap()];
        for pair in body.split("),") {
            let pair = pair.trim().trim_start_matches('(').trim_end_matches(')');
            let (k, t) = pair.split_once(',').unwrap();
            let ty = match t.trim().trim_start_matches("Rule.") {
                "RawText" => LabelType::Text,
                "Url" => LabelType::Url,
                "Rfc3339" => LabelType::Rfc3339,
                "Spdx" => LabelType::Spdx,
                "GitHash" => LabelType::Hash,
                "SemVer" => LabelType::Semver,
                "Email" => LabelType::Email,
                other => panic!("label type {other}"),
            };
            c.label_schema
                .insert(k.trim().trim_matches('"').to_string(), ty);
        }
    }
    c
}

#[test]
fn hadolint_rule_cases() {
    let Some(dir) = bosun_testkit::shared_data("hadolint") else {
        return;
    };
    let text = std::fs::read_to_string(dir.join("rule_cases.jsonl")).unwrap();
    let dl_rules: Vec<_> = RULES
        .iter()
        .copied()
        .filter(|r| r.code().starts_with("DL"))
        .collect();
    let (mut run, mut skipped, mut failures) = (0, 0, Vec::new());
    let mut per_rule: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for line in text.lines() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        let rule = case["rule"].as_str().unwrap();
        if rule.starts_with("SC") {
            skipped += 1;
            continue;
        }
        let mut df_text = case["dockerfile"].as_str().unwrap().to_string();
        if case["mode"] == "onbuild" {
            df_text = df_text
                .lines()
                .map(|l| {
                    if l.starts_with("RUN ") {
                        format!("ONBUILD {l}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
        }
        df_text.push('\n');
        let cfg = config(case["config"].as_str());
        let findings = match Dockerfile::parse(&df_text) {
            Ok(df) => lint_with("Dockerfile", &df, &cfg, &dl_rules, true),
            Err(e) => vec![bosun_dockerfile::lint::parse_error_finding(
                "Dockerfile",
                &e,
            )],
        };
        let n = if rule == "ALL" {
            findings.len()
        } else {
            findings.iter().filter(|f| f.code == rule).count()
        };
        let ok = match &case["expected_count"] {
            serde_json::Value::String(s) if s == ">=1" => n >= 1,
            v => v.as_u64() == Some(n as u64),
        };
        run += 1;
        let e = per_rule.entry(rule.to_string()).or_default();
        e.0 += 1;
        if !ok {
            e.1 += 1;
            failures.push(format!(
                "{rule} [{}] expected {} got {n}: {:?} {}",
                case["mode"],
                case["expected_count"],
                case["dockerfile"].as_str().unwrap(),
                if rule == "ALL" {
                    format!("{findings:?}")
                } else {
                    String::new()
                }
            ));
        }
    }
    eprintln!(
        "hadolint rule cases: {run} run, {} failed, {skipped} ShellCheck cases skipped",
        failures.len()
    );
    assert_eq!(
        (run, skipped),
        (1066, 37),
        "(cases run, ShellCheck cases skipped) changed; when more run, update the figures in the same commit"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
