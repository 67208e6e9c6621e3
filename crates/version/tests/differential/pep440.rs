//! PEP 440: packaging's own vectors, then PyPI advisory versions and edits
//! of them against Python's `packaging` (ordering, validity, specifiers).

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::{Scheme, satisfies};

use crate::common::*;

const SEEDS: &[&str] = &[
    "1.0",
    "1.0.0",
    "1!1.0",
    "1.0a1",
    "1.0b2",
    "1.0rc1",
    "1.0c1",
    "1.0.post1",
    "1.0-1",
    "1.0.dev1",
    "1.0a1.dev1",
    "1.0.post1.dev1",
    "1.0+local.1",
    "1.0+abc",
    "v1.0",
    "1.0.0.0.0",
    "2.0",
    "0.9",
    "1.0alpha",
    "1.0-preview2",
    "1.0_rev3",
    "1.0.r4",
    "2024.1.15",
];

const FRAGS: &[&str] = &[
    "a", "b", "rc", "c", ".post", "-post", "post", ".dev", "dev", "-", ".", "_", "1", "0", "!",
    "1!", "+", "+local", ".5", "alpha", "beta", "pre", "preview", "rev", "r", "V", "v", " ",
    "+abc.1", "*", "00", "10", "2", "A", "RC",
];

const SPEC_OPS: &[&str] = &["==", "!=", "<=", ">=", "<", ">", "~=", "==="];

fn pool_versions() -> Vec<String> {
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        let sorted: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(data.join("versions/pep440/sorted_versions.json")).unwrap(),
        )
        .unwrap();
        let sorted: Vec<String> = serde_json::from_value(sorted["versions"].clone()).unwrap();
        set.extend(sorted);
        read_tree(&data.join("advisories/pypi"), ".yaml", |text| {
            scan_values(text, "fixed", &mut set);
            scan_values(text, "introduced", &mut set);
            scan_values(text, "last_affected", &mut set);
        });
    }
    pool(set)
}

fn oracle() -> Command {
    let mut c = Command::new("python3");
    c.arg(oracle_script("oracle_pep440.py"));
    c
}

fn have_packaging() -> bool {
    require_probe(
        "Python packaging >= 26",
        Command::new("python3").args([
            "-c",
            "import packaging, sys; sys.exit(int(packaging.__version__.split('.')[0]) < 26)",
        ]),
    )
}

#[test]
fn pep440_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let mut bad = Vec::new();
    let rows = tsv(&data.join("versions/pep440/compare.tsv"));
    for row in &rows {
        let got = our_cmp(Scheme::Pep440, &row[0], &row[1]);
        if got != row[2] {
            bad.push(format!(
                "{:?} vs {:?}: want {}, got {got}",
                row[0], row[1], row[2]
            ));
        }
    }
    let invalid = tsv(&data.join("versions/pep440/invalid_versions.tsv"));
    for row in &invalid {
        if our_valid(Scheme::Pep440, &row[0]) != "0" {
            bad.push(format!("{:?} should be invalid", row[0]));
        }
    }
    let contains = tsv(&data.join("versions/pep440/specifier_contains.tsv"));
    for row in &contains {
        // Specifier(spec, prereleases=True).contains(version): our default.
        let got = satisfies(Scheme::Pep440, &row[0], &row[1]).map(|b| b.to_string());
        if got.as_deref() != Ok(row[2].as_str()) {
            bad.push(format!(
                "{:?} in {:?}: want {}, got {got:?}",
                row[0], row[1], row[2]
            ));
        }
    }
    report(
        "pep440 vectors",
        rows.len() + invalid.len() + contains.len(),
        &bad,
    );
}

#[test]
fn pep440_against_packaging() {
    if !have_packaging() {
        return;
    }
    compare_and_validate(
        "pep440",
        Scheme::Pep440,
        &oracle,
        &pool_versions(),
        FRAGS,
        0x440,
        20_000,
    );
}

#[test]
fn pep440_specifiers_against_packaging() {
    if !have_packaging() {
        return;
    }
    let pool: Vec<String> = pool_versions()
        .into_iter()
        .filter(|v| bosun_version::Version::parse(Scheme::Pep440, v).is_ok())
        .collect();
    let mut rng = Rng::new(0x5bec);
    let mut cases = Vec::new();
    while cases.len() < 12_000 {
        let v = rng.pick(&pool).clone();
        let n = 1 + rng.below(2);
        let mut specs = Vec::new();
        for _ in 0..n {
            let base = if rng.below(2) == 0 {
                v.clone()
            } else {
                rng.pick(&pool).clone()
            };
            let mut base = base.split('+').next().unwrap_or(&base).to_owned();
            let op = *rng.pick(SPEC_OPS);
            if (op == "==" || op == "!=") && rng.below(3) == 0 {
                let release: String = base
                    .trim_start_matches(['v', 'V'])
                    .split(|c: char| !c.is_ascii_digit() && c != '.' && c != '!')
                    .next()
                    .unwrap_or("1")
                    .trim_end_matches('.')
                    .to_owned();
                base = format!("{release}.*");
            } else if op == "==" && rng.below(4) == 0 {
                base = v.clone();
            }
            specs.push(format!("{op}{base}"));
        }
        cases.push((v, specs.join(",")));
    }
    check_sat("pep440 specifiers", Scheme::Pep440, &mut oracle(), &cases);
}

/// Runs `sat` questions; an `E` from the oracle must be an error here.
pub(crate) fn check_sat(
    label: &str,
    scheme: Scheme,
    oracle: &mut Command,
    cases: &[(String, String)],
) {
    let questions: Vec<String> = cases
        .iter()
        .map(|(v, r)| format!("sat\t{v}\t{r}"))
        .collect();
    let answers = run_oracle(oracle, &questions);
    let mut bad = Vec::new();
    for ((v, r), want) in cases.iter().zip(&answers) {
        let got = match satisfies(scheme, v, r) {
            Ok(true) => "1",
            Ok(false) => "0",
            Err(_) => "E",
        };
        if got != want {
            bad.push(format!("{v:?} in {r:?}: oracle {want}, bosun {got}"));
        }
    }
    report(label, cases.len(), &bad);
}
