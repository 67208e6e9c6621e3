//! npm: node-semver's own fixtures, then npm advisory versions, edits and
//! generated ranges against node's `semver` package.

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::Scheme;

use crate::common::*;
use crate::pep440::check_sat;

const SEEDS: &[&str] = &[
    "1.0.0",
    "1.2.3",
    "0.0.1",
    "0.1.0",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-0.3.7",
    "1.0.0-x.7.z.92",
    "1.0.0+20130313144700",
    "1.0.0-beta+exp.sha.5114f85",
    "2.0.0-rc.1",
    "v1.2.3",
    "10.20.30",
    "1.2.3-SNAPSHOT-123",
    "999999999.999999999.999999999",
];

const FRAGS: &[&str] = &[
    "-",
    "-alpha",
    "-beta.1",
    "-0",
    "-rc.1",
    "+build",
    "+001",
    ".0",
    ".1",
    "1",
    "0",
    "00",
    "v",
    "=",
    " ",
    "-01",
    ".x",
    "-a.b",
    "--",
    "..",
    "9",
    "-alpha.10",
    "-Alpha",
];

pub(crate) fn pool_versions() -> Vec<String> {
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        for f in ["comparisons.tsv", "equality.tsv"] {
            for row in tsv(&data.join("versions/semver-npm").join(f)) {
                if row.get(3).is_none_or(String::is_empty) {
                    set.insert(row[0].clone());
                    set.insert(row[1].clone());
                }
            }
        }
        read_tree(&data.join("advisories/npm-osv"), ".json", |text| {
            scan_values(text, "\"fixed\"", &mut set);
            scan_values(text, "\"introduced\"", &mut set);
        });
    }
    pool(set)
}

pub(crate) fn node_oracle() -> Option<Command> {
    let tools = oracle_tools();
    let probe = format!(
        "require({:?})",
        tools.join("node_modules/semver").display().to_string()
    );
    if !require_probe(
        "node semver (target/oracle-tools)",
        Command::new("node").args(["-e", &probe]),
    ) {
        return None;
    }
    let mut c = Command::new("node");
    c.arg(oracle_script("oracle_npm.js")).arg(tools);
    Some(c)
}

#[test]
fn npm_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let dir = data.join("versions/semver-npm");
    let mut bad = Vec::new();
    let mut n = 0;
    for (file, want_cmp) in [("comparisons.tsv", None), ("equality.tsv", Some("0"))] {
        for row in tsv(&dir.join(file)) {
            // Loose-mode rows test node's lenient parser, which npm ranges
            // and advisories do not use.
            if row.get(3).is_some_and(|o| !o.is_empty()) {
                continue;
            }
            n += 1;
            let want = want_cmp.unwrap_or(&row[2]);
            let got = our_cmp(Scheme::Npm, &row[0], &row[1]);
            if got != want {
                bad.push(format!(
                    "{:?} vs {:?}: want {want}, got {got}",
                    row[0], row[1]
                ));
            }
        }
    }
    for file in ["range-include.tsv", "range-exclude.tsv"] {
        for row in tsv(&dir.join(file)) {
            if row.get(3).is_some_and(|o| !o.is_empty()) {
                continue;
            }
            n += 1;
            let want = row[2] == "true";
            // Fixtures may use invalid versions to show they never match.
            let got = bosun_version::satisfies(Scheme::Npm, &row[0], &row[1]).unwrap_or(false);
            if got != want {
                bad.push(format!(
                    "{:?} in {:?}: want {want}, got {got}",
                    row[0], row[1]
                ));
            }
        }
    }
    report("npm vectors", n, &bad);
}

#[test]
fn npm_against_node_semver() {
    let Some(node) = node_oracle() else { return };
    let oracle = || {
        let mut c = Command::new(node.get_program());
        c.args(node.get_args());
        c
    };
    compare_and_validate(
        "npm",
        Scheme::Npm,
        &oracle,
        &pool_versions(),
        FRAGS,
        0x6e706d,
        15_000,
    );
}

/// A partial version: `1`, `1.2`, `1.2.x`, `1.2.3`, `1.2.3-pre`, `*`.
fn partial(rng: &mut Rng, v: &str) -> String {
    let core = v.trim_start_matches('v');
    let (main, pre) = core.split_once('-').unwrap_or((core, ""));
    let main = main.split('+').next().unwrap_or(main);
    let parts: Vec<&str> = main.split('.').collect();
    match rng.below(7) {
        0 => parts[0].to_owned(),
        1 => parts[..2.min(parts.len())].join("."),
        2 => format!("{}.x", parts[..2.min(parts.len())].join(".")),
        3 => format!("{}.*", parts[0]),
        4 if !pre.is_empty() => format!("{main}-{pre}"),
        5 => "*".to_owned(),
        _ => main.to_owned(),
    }
}

#[test]
fn npm_ranges_against_node_semver() {
    let Some(mut oracle) = node_oracle() else {
        return;
    };
    let pool: Vec<String> = pool_versions()
        .into_iter()
        .filter(|v| bosun_version::Version::parse(Scheme::Npm, v).is_ok())
        .collect();
    let mut rng = Rng::new(0x7261);
    let ops = [
        "", "=", "<", "<=", ">", ">=", "^", "~", "~>", "> ", ">= ", "^ ",
    ];
    let mut cases = Vec::new();
    while cases.len() < 12_000 {
        let v = rng.pick(&pool).clone();
        let near = |rng: &mut Rng| {
            if rng.below(2) == 0 {
                v.clone()
            } else {
                rng.pick(&pool).clone()
            }
        };
        let range = match rng.below(5) {
            0 => {
                let a = near(&mut rng);
                let b = near(&mut rng);
                format!("{} - {}", partial(&mut rng, &a), partial(&mut rng, &b))
            }
            1 => {
                let a = near(&mut rng);
                let b = near(&mut rng);
                let (oa, ob) = (*rng.pick(&ops), *rng.pick(&ops));
                format!(
                    "{oa}{} || {ob}{}",
                    partial(&mut rng, &a),
                    partial(&mut rng, &b)
                )
            }
            2 => {
                let a = near(&mut rng);
                let b = near(&mut rng);
                let (oa, ob) = (*rng.pick(&ops), *rng.pick(&ops));
                format!(
                    "{oa}{} {ob}{}",
                    partial(&mut rng, &a),
                    partial(&mut rng, &b)
                )
            }
            _ => {
                let a = near(&mut rng);
                format!("{}{}", rng.pick(&ops), partial(&mut rng, &a))
            }
        };
        cases.push((v, range));
    }
    check_sat("npm ranges", Scheme::Npm, &mut oracle, &cases);
}
