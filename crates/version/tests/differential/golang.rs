//! Go: golang.org/x/mod/semver's own table, then Go vulnerability database
//! versions (releases and pseudo-versions) against node's `semver`, whose
//! precedence is the same as Go's for full `vX.Y.Z` versions.

use std::collections::BTreeSet;

use bosun_version::Scheme;

use crate::common::*;
use crate::npm::node_oracle;

#[test]
fn go_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let dir = data.join("versions/go-semver");
    let mut bad = Vec::new();
    let canonical = tsv(&dir.join("canonical.tsv"));
    let mut go_valid = BTreeSet::new();
    for row in &canonical {
        let ours = our_valid(Scheme::Go, &row[0]);
        if row[2] == "true" {
            go_valid.insert(row[0].clone());
        }
        // Without a "v" Go rejects everything; OSV writes Go versions
        // without one, so we accept those that are valid with it.
        let want = if row[0].starts_with('v') {
            row[2] == "true"
        } else {
            canonical
                .iter()
                .any(|r| r[0] == format!("v{}", row[0]) && r[2] == "true")
                || our_valid(Scheme::Go, &format!("v{}", row[0])) == "1"
        };
        if (ours == "1") != want {
            bad.push(format!("{:?}: want valid={want}", row[0]));
        }
    }
    let rows = tsv(&dir.join("compare.tsv"));
    let mut n = canonical.len();
    for row in &rows {
        // x/mod orders invalid versions first; we refuse them instead.
        if !go_valid.contains(&row[0]) || !go_valid.contains(&row[1]) {
            continue;
        }
        n += 1;
        let got = our_cmp(Scheme::Go, &row[0], &row[1]);
        if got != row[2] {
            bad.push(format!(
                "{:?} vs {:?}: want {}, got {got}",
                row[0], row[1], row[2]
            ));
        }
    }
    report("go vectors", n, &bad);
}

#[test]
fn go_against_semver_precedence() {
    let Some(mut oracle) = node_oracle() else {
        return;
    };
    let mut set = BTreeSet::new();
    for s in [
        "v0.0.0-20191109021931-daa7c04131f5",
        "v1.2.3",
        "v1.2.4-0.20191109021931-daa7c04131f5",
        "v2.0.0+incompatible",
        "v0.1.0-alpha.0.20200101000000-abcdefabcdef",
        "v1.0.0-rc.1",
    ] {
        set.insert(s.to_owned());
    }
    if let Some(data) = shared_data("") {
        read_tree(&data.join("advisories/go"), ".json", |text| {
            scan_values(text, "\"fixed\"", &mut set);
            scan_values(text, "\"introduced\"", &mut set);
        });
    }
    let pool: Vec<String> = pool(set)
        .into_iter()
        .filter(|v| bosun_version::Version::parse(Scheme::Go, v).is_ok())
        .collect();
    let frags = [
        "-0.20200101000000-abcdef123456",
        "+incompatible",
        ".1",
        "-pre",
        "-rc.1",
        "1",
        "0",
    ];
    let mut rng = Rng::new(0x60);
    let pairs: Vec<(String, String)> = make_pairs(&mut rng, &pool, &frags, 15_000)
        .into_iter()
        .filter(|(a, b)| {
            [a, b].iter().all(|v| {
                // Full versions only, and numbers within node's 2^53.
                bosun_version::Version::parse(Scheme::Go, v).is_ok()
                    && bosun_version::Version::parse(Scheme::Npm, v.trim_start_matches('v')).is_ok()
                    && v.trim_start_matches('v')
                        .split(['-', '+'])
                        .next()
                        .unwrap_or("")
                        .split('.')
                        .count()
                        == 3
            })
        })
        .collect();
    // node-semver wants no "v" for strictness' sake and ignores build
    // metadata, as Go does.
    let questions: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| {
            (
                a.trim_start_matches('v').to_owned(),
                b.trim_start_matches('v').to_owned(),
            )
        })
        .collect();
    let lines: Vec<String> = questions
        .iter()
        .map(|(a, b)| format!("cmp\t{a}\t{b}"))
        .collect();
    let answers = run_oracle(&mut oracle, &lines);
    let mut bad = Vec::new();
    for ((a, b), want) in pairs.iter().zip(&answers) {
        let got = our_cmp(Scheme::Go, a, b);
        if &got != want {
            bad.push(format!("{a:?} vs {b:?}: semver {want}, bosun {got}"));
        }
    }
    report("go pairs", pairs.len(), &bad);
}
