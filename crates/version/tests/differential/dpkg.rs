//! dpkg: the published vectors, then Debian advisories and package
//! databases against dpkg's own C library (libdpkg-dev: the `parseversion`
//! and `dpkg_version_compare` behind `dpkg --compare-versions`).

use std::collections::BTreeSet;
use std::process::Command;

use bosun_version::Scheme;

use crate::common::*;

const SEEDS: &[&str] = &[
    "1.0",
    "1.0-1",
    "1:1.0-1",
    "1.0~rc1-1",
    "2.2.4-1+deb11u1",
    "1.2.3+dfsg-1ubuntu0.1",
    "0.9.8g-15+lenny11",
    "7.74.0-1.3+deb11u7",
    "2:8.2.2434-3+deb11u1",
    "1.0+git20200101.abc-2",
    "3.0.0~beta1+dfsg-1~bpo10+1",
    "10.0",
    "9.99",
    "1.0a",
    "1.0.0",
    "1.00",
    "0.1~~",
];

const FRAGS: &[&str] = &[
    "~",
    "~rc1",
    "+b1",
    "+dfsg",
    "-1",
    "-0ubuntu1",
    ".1",
    "a",
    "1:",
    "0:",
    "+",
    ".",
    "~~",
    "-1~bpo10+1",
    "ubuntu",
    "0",
    "00",
    "-",
    ":",
    "Z",
    "_",
    " ",
    "10",
    "99",
];

fn pool_versions() -> Vec<String> {
    let mut set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    if let Some(data) = shared_data("") {
        for row in tsv(&data.join("versions/dpkg/compare.tsv")) {
            set.insert(row[0].clone());
            set.insert(row[1].clone());
        }
        read_tree(&data.join("advisories/debian-osv"), ".json", |text| {
            scan_values(text, "\"fixed\"", &mut set);
            scan_values(text, "\"introduced\"", &mut set);
        });
        read_tree(&data.join("sbom-fixtures"), "status", |text| {
            scan_values(text, "\nVersion", &mut set);
        });
    }
    pool(set)
}

#[test]
fn dpkg_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let mut bad = Vec::new();
    let rows = tsv(&data.join("versions/dpkg/compare.tsv"));
    let mut n = 0;
    for row in &rows {
        // t-version.c builds some rows as objects without validation
        // ('0:a-0'); dpkg's parser rejects them, and so do we.
        let got = our_cmp(Scheme::Dpkg, &row[0], &row[1]);
        if got == "E" && row[3].ends_with(".c") {
            continue;
        }
        n += 1;
        if got != row[2] {
            bad.push(format!(
                "{:?} vs {:?}: want {}, got {got}",
                row[0], row[1], row[2]
            ));
        }
    }
    for row in tsv(&data.join("versions/dpkg/validity.tsv")) {
        n += 1;
        let want = if row[1] == "true" { "1" } else { "0" };
        if our_valid(Scheme::Dpkg, &row[0]) != want {
            bad.push(format!("{:?}: want valid={want}", row[0]));
        }
    }
    let orders: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(data.join("versions/dpkg/sort_orders.json")).unwrap(),
    )
    .unwrap();
    let orders = orders["orders"].as_object().expect("orders");
    // The "part" orders compare upstream or revision parts alone, which
    // are not all whole versions.
    for (name, order) in orders {
        if name.contains("part") {
            continue;
        }
        let order: Vec<String> = serde_json::from_value(order.clone()).unwrap();
        for w in order.windows(2) {
            n += 1;
            if our_cmp(Scheme::Dpkg, &w[0], &w[1]) != "-1" {
                bad.push(format!("{:?} should sort before {:?}", w[0], w[1]));
            }
        }
    }
    report("dpkg vectors", n, &bad);
}

/// Builds the C oracle against libdpkg into the test's scratch directory.
fn build_oracle() -> Option<std::path::PathBuf> {
    let header = std::path::Path::new("/usr/include/dpkg/version.h");
    if !require_probe("libdpkg-dev", Command::new("test").arg("-f").arg(header))
        || !require_probe("gcc", Command::new("gcc").arg("--version"))
    {
        return None;
    }
    let exe = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("oracle_dpkg");
    let status = Command::new("gcc")
        .arg("-O1")
        .arg("-o")
        .arg(&exe)
        .arg(oracle_script("oracle_dpkg.c"))
        .args(["-ldpkg", "-lmd"])
        .status()
        .expect("gcc runs");
    assert!(status.success(), "oracle_dpkg.c builds");
    Some(exe)
}

#[test]
fn dpkg_against_libdpkg() {
    let Some(exe) = build_oracle() else { return };
    let oracle = || Command::new(&exe);
    compare_and_validate(
        "dpkg",
        Scheme::Dpkg,
        &oracle,
        &pool_versions(),
        FRAGS,
        0xd9c6,
        15_000,
    );
}
