//! Composer: versions from composer.lock fixtures and edits of them, and
//! generated constraints, against composer/semver (Debian's
//! php-composer-semver).

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::Scheme;

use crate::common::*;
use crate::pep440::check_sat;

const SEEDS: &[&str] = &[
    "1.0",
    "1.0.0",
    "v1.2.3",
    "1.0.0-beta2",
    "1.0.0-RC1",
    "1.0.0-alpha.3",
    "1.0-dev",
    "2.1.0-patch1",
    "1.0.0-pl2",
    "1.0.0.0",
    "20230101",
    "2023.01.15",
    "1.0.0+build",
    "3.4.5-stable",
    "0.9.1-b",
    "7.0.0-a",
];

const FRAGS: &[&str] = &[
    "-beta", "-beta2", "-RC1", "-rc", "-alpha", "-a", "-b", "-p", "-pl", "-patch", "-dev", ".0",
    ".1", "v", "-", ".", "_", "+b", "1", "0", "-stable", "99", "x", "-dev2",
];

fn oracle() -> Command {
    let mut c = Command::new("php");
    c.arg(oracle_script("oracle_composer.php"));
    c
}

#[test]
fn composer_against_composer_semver() {
    if !require_probe(
        "php composer/semver",
        Command::new("php").args([
            "-r",
            "require '/usr/share/php/Composer/Semver/autoload.php';",
        ]),
    ) {
        return;
    }
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        read_tree(&data.join("sbom-fixtures"), "composer.lock", |text| {
            scan_values(text, "\"version\"", &mut set);
        });
        read_tree(&data.join("sbom-fixtures"), "installed.json", |text| {
            scan_values(text, "\"version\"", &mut set);
        });
    }
    let pool = pool(set);
    compare_and_validate(
        "composer",
        Scheme::Composer,
        &oracle,
        &pool,
        FRAGS,
        0xc0,
        12_000,
    );

    let valid: Vec<String> = pool
        .iter()
        .filter(|v| bosun_version::Version::parse(Scheme::Composer, v).is_ok())
        .cloned()
        .collect();
    let mut rng = Rng::new(0xc1);
    let ops = ["", "=", "==", "!=", "<", "<=", ">", ">=", "^", "~", "<>"];
    let mut cases = Vec::new();
    while cases.len() < 10_000 {
        let v = rng.pick(&valid).clone();
        let mut bound = || {
            let b = if rng.below(2) == 0 {
                v.clone()
            } else {
                rng.pick(&valid).clone()
            };
            let b = b.split(['-', '+']).next().unwrap_or(&b).to_owned();
            match rng.below(6) {
                0 => b.split('.').take(2).collect::<Vec<_>>().join("."),
                1 => format!("{}.*", b.split('.').take(2).collect::<Vec<_>>().join(".")),
                _ => b,
            }
        };
        let (a, b) = (bound(), bound());
        let constraint = match rng.below(5) {
            0 => format!("{a} - {b}"),
            1 => format!("{}{a} || {}{b}", rng.pick(&ops), rng.pick(&ops)),
            2 => format!("{}{a}, {}{b}", rng.pick(&ops), rng.pick(&ops)),
            3 => format!("{}{a} {}{b}", rng.pick(&ops), rng.pick(&ops)),
            _ => format!("{}{a}", rng.pick(&ops)),
        };
        cases.push((v, constraint));
    }
    check_sat(
        "composer constraints",
        Scheme::Composer,
        &mut oracle(),
        &cases,
    );
}
