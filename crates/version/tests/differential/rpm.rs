//! rpm: rpm's own vectors, then EVRs built from real versions against rpm's
//! Python binding (`rpm.ver` to split, `labelCompare` to order).

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::Scheme;

use crate::common::*;

const SEEDS: &[&str] = &[
    "1.0-1",
    "0:1.0-1.el8",
    "1:2.3.4-5.fc38",
    "1.0~rc1-1",
    "1.0^20230101git1234-1",
    "2.17-326.el7_9",
    "3.6.8-18.el8_6.1",
    "1.1.1k-7.el8_6",
    "4.18.0-425.3.1.el8",
    "7.61.1-22.el8_6.4",
    "1.0",
    "1.0a",
    "1.0.a",
    "20230101",
    "1_0",
    "1.0+git",
    "2:1.0-1",
    "0.1-0.1.rc1",
    "1.2.3-4.module+el8.7.0+1234+abcd",
];

const FRAGS: &[&str] = &[
    "~", "^", "~rc1", "^git1", ".el8", ".el8_6", "-1", "-2.fc38", "1:", ".1", "a", "b", "_", "+",
    ".", "0", "00", "10", "~~", "^^", "z", "A",
];

fn pool_versions() -> Vec<String> {
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        for row in tsv(&data.join("versions/rpm/rpmvercmp.tsv")) {
            set.insert(row[0].clone());
            set.insert(row[1].clone());
        }
        // Real RPM versions from the rpmdb fixtures' expectations.
        if let Ok(text) = std::fs::read_to_string(data.join("sbom-fixtures/go-rpmdb/expected.json"))
        {
            let mut versions = BTreeSet::new();
            let mut releases = BTreeSet::new();
            scan_values(&text, "\"Version\"", &mut versions);
            scan_values(&text, "\"Release\"", &mut releases);
            let releases: Vec<String> = releases.into_iter().collect();
            for (i, v) in versions.iter().enumerate() {
                set.insert(v.clone());
                if let Some(r) = releases.get(i % releases.len().max(1)) {
                    set.insert(format!("{v}-{r}"));
                }
            }
        }
        // Upstream versions from Debian advisories are plausible RPM
        // versions too; give them RPM-style releases.
        let mut debian = BTreeSet::new();
        read_tree(&data.join("advisories/debian-osv"), "DSA-1.json", |text| {
            scan_values(text, "\"fixed\"", &mut debian);
        });
        for (i, v) in debian.iter().take(3000).enumerate() {
            let upstream = v.split(':').next_back().unwrap_or(v);
            let upstream = upstream.split('-').next().unwrap_or(upstream);
            set.insert(format!("{upstream}-{}.el{}", i % 7, 7 + i % 3));
        }
    }
    pool(set)
        .into_iter()
        .filter(|v| !v.contains(char::is_whitespace) && v.is_ascii())
        .collect()
}

fn oracle() -> Command {
    let mut c = Command::new("/usr/bin/python3");
    c.arg(oracle_script("oracle_rpm.py"));
    c
}

#[test]
fn rpm_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let mut bad = Vec::new();
    let rows = tsv(&data.join("versions/rpm/rpmvercmp.tsv"));
    for row in &rows {
        let got = our_cmp(Scheme::Rpm, &row[0], &row[1]);
        if got != row[2] {
            bad.push(format!(
                "{:?} vs {:?}: want {}, got {got}",
                row[0], row[1], row[2]
            ));
        }
    }
    report("rpm vectors", rows.len(), &bad);
}

#[test]
fn rpm_against_python3_rpm() {
    if !require_probe(
        "python3-rpm",
        Command::new("/usr/bin/python3").args(["-c", "import rpm; rpm.ver"]),
    ) {
        return;
    }
    let pool = pool_versions();
    let mut rng = Rng::new(0x4e5);
    let pairs: Vec<(String, String)> = make_pairs(&mut rng, &pool, FRAGS, 15_000)
        .into_iter()
        .filter(|(a, b)| !a.contains(char::is_whitespace) && !b.contains(char::is_whitespace))
        .collect();
    // rpm accepts almost anything; where we refuse a string (an empty
    // release, a non-numeric epoch) there is nothing to compare.
    check_pairs("rpm pairs", Scheme::Rpm, &mut oracle(), "cmp", &pairs, true);
    // Bare version strings through rpmvercmp itself.
    let bare: Vec<(String, String)> = pairs
        .iter()
        .map(|(a, b)| (a.replace([':', '-'], "."), b.replace([':', '-'], ".")))
        .take(5000)
        .collect();
    check_pairs(
        "rpmvercmp pairs",
        Scheme::Rpm,
        &mut oracle(),
        "vercmp",
        &bare,
        true,
    );
}
