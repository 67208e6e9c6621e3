//! Cargo, Hex and Pub share SemVer 2.0 precedence: strict versions from the
//! npm pool against node's `semver` (Pub with build metadata removed, since
//! Pub alone also orders builds).

use bosun_version::{Scheme, Version};

use crate::common::*;
use crate::npm::{node_oracle, pool_versions};

#[test]
fn cargo_hex_pub_against_semver_precedence() {
    let Some(mut oracle) = node_oracle() else {
        return;
    };
    let pool: Vec<String> = pool_versions()
        .into_iter()
        .filter(|v| Version::parse(Scheme::Cargo, v).is_ok())
        .collect();
    let frags = [
        "-alpha", "-beta.2", "-rc.1", ".1", "1", "0", "+build.5", "-0", "-x.y",
    ];
    let mut rng = Rng::new(0xca60);
    let pairs: Vec<(String, String)> = make_pairs(&mut rng, &pool, &frags, 18_000)
        .into_iter()
        // Numbers past 2^53 are outside node-semver's domain (Cargo takes
        // any u64), so pairs must be valid npm versions too.
        .filter(|(a, b)| {
            [a, b].iter().all(|v| {
                Version::parse(Scheme::Cargo, v).is_ok() && Version::parse(Scheme::Npm, v).is_ok()
            })
        })
        .collect();
    let lines: Vec<String> = pairs
        .iter()
        .map(|(a, b)| format!("cmp\t{a}\t{b}"))
        .collect();
    let answers = run_oracle(&mut oracle, &lines);
    for scheme in [Scheme::Cargo, Scheme::Hex, Scheme::Pub] {
        let mut bad = Vec::new();
        for ((a, b), want) in pairs.iter().zip(&answers) {
            let (a, b) = if scheme == Scheme::Pub {
                (
                    a.split('+').next().unwrap_or(a),
                    b.split('+').next().unwrap_or(b),
                )
            } else {
                (a.as_str(), b.as_str())
            };
            let got = our_cmp(scheme, a, b);
            if &got != want {
                bad.push(format!("{a:?} vs {b:?}: semver {want}, bosun {got}"));
            }
        }
        report(&format!("{} pairs", scheme.name()), pairs.len(), &bad);
    }
}
