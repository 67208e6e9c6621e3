//! RubyGems: rubygems' own test facts, then generated versions and
//! requirements against `Gem::Version` / `Gem::Requirement`.

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::{Scheme, satisfies};

use crate::common::*;
use crate::pep440::check_sat;

const SEEDS: &[&str] = &[
    "1",
    "1.0",
    "1.0.0",
    "1.0.a",
    "1.0.b1",
    "1.0.0.pre",
    "1.0-1",
    "1.0.rc1",
    "2.7.4",
    "7.0.4.1",
    "1.13.10",
    "0.0.1",
    "5.2.8.1",
    "1.0.0.beta.1",
    "3.0.0.alpha",
    "1.a",
    "1.0.A",
    "",
    "   ",
];

const FRAGS: &[&str] = &[
    ".", "-", ".a", ".b", ".pre", ".rc1", "a", "b", "1", "0", ".0", "00", "A", "-1", "-pre", " ",
    "..", ".beta.2", "9", "x",
];

fn oracle() -> Command {
    let mut c = Command::new("ruby");
    c.arg(oracle_script("oracle_rubygems.rb"));
    c
}

#[test]
fn rubygems_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let dir = data.join("versions/rubygems");
    let mut bad = Vec::new();
    let rows = tsv(&dir.join("version_compare.tsv"));
    for row in &rows {
        let got = our_cmp(Scheme::RubyGems, &row[0], &row[1]);
        if got != row[2] {
            bad.push(format!(
                "{:?} vs {:?}: want {}, got {got}",
                row[0], row[1], row[2]
            ));
        }
    }
    let reqs = tsv(&dir.join("requirement_satisfied_by.tsv"));
    for row in &reqs {
        // Ruby tests pass some versions as numbers (1.1).
        let version = match serde_json::from_str::<serde_json::Value>(&row[0]) {
            Ok(serde_json::Value::String(s)) => s,
            Ok(other) => other.to_string(),
            Err(_) => row[0].clone(),
        };
        let req: Vec<String> = serde_json::from_str(&row[1]).unwrap();
        let got = satisfies(Scheme::RubyGems, &version, &req.join(","));
        if got.as_ref().ok() != Some(&(row[2] == "true")) {
            bad.push(format!("{version:?} {req:?}: want {}, got {got:?}", row[2]));
        }
    }
    report("rubygems vectors", rows.len() + reqs.len(), &bad);
}

#[test]
fn rubygems_against_gem_version() {
    if !require_probe(
        "ruby",
        Command::new("ruby").args(["-e", "require 'rubygems'"]),
    ) {
        return;
    }
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        for row in tsv(&data.join("versions/rubygems/version_compare.tsv")) {
            set.insert(row[0].clone());
            set.insert(row[1].clone());
        }
        read_tree(&data.join("sbom-fixtures"), "Gemfile.lock", |text| {
            for line in text.lines() {
                if let Some((_, v)) = line.trim().split_once(" (") {
                    set.insert(v.trim_end_matches(')').to_owned());
                }
            }
        });
    }
    let pool: Vec<String> = set
        .into_iter()
        .filter(|v| !v.contains(['\t', '\n']))
        .collect();
    compare_and_validate(
        "rubygems",
        Scheme::RubyGems,
        &oracle,
        &pool,
        FRAGS,
        0x9e5,
        15_000,
    );
    let mut rng = Rng::new(0x9e6);

    let valid: Vec<String> = pool
        .iter()
        .filter(|v| {
            bosun_version::Version::parse(Scheme::RubyGems, v).is_ok() && !v.trim().is_empty()
        })
        .cloned()
        .collect();
    let ops = ["", "= ", "!= ", "> ", "< ", ">= ", "<= ", "~> ", "~>"];
    let mut cases = Vec::new();
    while cases.len() < 10_000 {
        let v = rng.pick(&valid).clone();
        let n = 1 + rng.below(2);
        let req: Vec<String> = (0..n)
            .map(|_| {
                let b = if rng.below(2) == 0 {
                    v.clone()
                } else {
                    rng.pick(&valid).clone()
                };
                let b = if rng.below(3) == 0 {
                    mutate(&mut rng, &b, &[".1", "1", "9"])
                } else {
                    b
                };
                format!("{}{}", rng.pick(&ops), b.trim())
            })
            .collect();
        cases.push((v, req.join(",")));
    }
    check_sat(
        "rubygems requirements",
        Scheme::RubyGems,
        &mut oracle(),
        &cases,
    );
}
