//! Conformance with BuildKit's own parser tests, read from
//! `../shared/data/dockerfile-parser` (Apache-2.0, not copied here).

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bosun_dockerfile::parse;
use bosun_dockerfile::parser::parse_words;
use bosun_dockerfile::shlex::Lex;

fn data() -> Option<PathBuf> {
    bosun_testkit::shared_data("dockerfile-parser")
}

fn cases(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn testfiles_dump_to_expected_result() {
    let Some(d) = data() else { return };
    let mut failures = Vec::new();
    let all = cases(&d.join("testfiles"));
    for case in &all {
        let src = std::fs::read(case.join("Dockerfile")).unwrap();
        let want =
            String::from_utf8_lossy(&std::fs::read(case.join("result")).unwrap()).into_owned();
        match parse(&String::from_utf8_lossy(&src)) {
            Ok(p) => {
                let got = p.dump();
                if got != want {
                    failures.push(format!(
                        "{}:\n--- want\n{want}--- got\n{got}",
                        case.display()
                    ));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", case.display())),
        }
    }
    assert!(all.len() >= 33);
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn negative_testfiles_fail() {
    let Some(d) = data() else { return };
    for case in cases(&d.join("testfiles-negative")) {
        let src = std::fs::read_to_string(case.join("Dockerfile")).unwrap();
        let r = parse(&src);
        assert!(r.is_err(), "{} parsed: {r:?}", case.display());
    }
}

#[test]
fn line_numbers() {
    let Some(d) = data() else { return };
    let src = std::fs::read_to_string(d.join("testfile-line/Dockerfile")).unwrap();
    let p = parse(&src).unwrap();
    let lines: Vec<(usize, usize)> = p.nodes.iter().map(|n| (n.start_line, n.end_line)).collect();
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
}

#[test]
fn parser_facts() {
    let Some(d) = data() else { return };
    let facts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("parser_facts.json")).unwrap())
            .unwrap();
    for c in facts["parseWords"]["cases"].as_array().unwrap() {
        let want: Vec<String> = serde_json::from_value(c["expect"].clone()).unwrap();
        assert_eq!(parse_words(c["input"].as_str().unwrap(), '\\'), want);
    }
    let df = facts["empty_continuation_warnings"]["dockerfile"]
        .as_str()
        .unwrap();
    let p = parse(df).unwrap();
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    assert!(
        p.warnings[0]
            .message
            .contains("RUN something     following     more")
    );
    assert!(p.warnings[1].message.contains("RUN another     thing"));
    let long = format!("FROM scratch\nLABEL test={}\n", "a".repeat(65536));
    let e = parse(&long).unwrap_err();
    assert!(
        e.message
            .contains("dockerfile line greater than max allowed size of 65535")
    );
}

struct NoCase<'a>(&'a HashMap<String, String>);

impl bosun_dockerfile::shlex::EnvGetter for NoCase<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

#[test]
fn env_var_table() {
    let Some(d) = data() else { return };
    let text = std::fs::read_to_string(d.join("shell/envVarTest")).unwrap();
    let env: HashMap<String, String> = [
        ("PWD", "/home"),
        ("SHELL", "bash"),
        ("KOREAN", "한국어"),
        ("NULL", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let lex = Lex::new('\\');
    let (mut n, mut failures) = (0, Vec::new());
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let parts: Vec<&str> = line.splitn(3, '|').collect();
        let (plat, input, want) = (parts[0].trim(), parts[1].trim(), parts[2].trim());
        n += 1;
        // Windows looks variables up without regard to case.
        let got = if plat == "W" {
            lex.process_word(input, &NoCase(&env))
        } else {
            lex.process_word(input, &env)
        };
        let ok = match &got {
            Ok(g) => want != "error" && g == want,
            Err(_) => want == "error",
        };
        if !ok {
            failures.push(format!("{input:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(n > 150);
    assert!(
        failures.is_empty(),
        "{} of {n}:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn words_table() {
    let Some(d) = data() else { return };
    let text = std::fs::read_to_string(d.join("shell/wordsTest")).unwrap();
    let mut env: HashMap<String, String> = HashMap::new();
    let lex = Lex::new('\\');
    let mut n = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(kv) = line.strip_prefix("ENV ") {
            let (k, v) = kv.split_once('=').unwrap();
            env.insert(k.to_string(), v.to_string());
            continue;
        }
        let (input, want) = line.split_once('|').unwrap();
        let input = input.trim();
        let want = want.strip_prefix(' ').unwrap_or(want);
        n += 1;
        let got = lex.process_words(input, &env);
        if want.trim() == "error" {
            assert!(got.is_err(), "{input:?}: {got:?}");
        } else {
            let want: Vec<&str> = want.split(',').collect();
            assert_eq!(got.unwrap(), want, "{input:?}");
        }
    }
    assert!(n > 20);
}
