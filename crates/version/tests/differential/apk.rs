//! apk: apk-tools' own test vectors (no apk-tools package can be installed
//! here to ask directly), then the order on real Alpine secdb versions
//! must be total, antisymmetric and transitive.

use std::collections::BTreeSet;

use bosun_version::{Scheme, Version};

use crate::common::*;

#[test]
fn apk_published_vectors() {
    let Some(data) = shared_data("") else { return };
    let dir = data.join("versions/apk");
    let mut bad = Vec::new();
    let mut n = 0;
    let mut skipped_invalid = 0;
    for row in tsv(&dir.join("compare.tsv")) {
        let got = our_cmp(Scheme::Apk, &row[0], &row[1]);
        // apk-tools also orders strings it calls invalid; we refuse them.
        if got == "E" {
            let invalid = |v: &str| Version::parse(Scheme::Apk, v).is_err();
            assert!(invalid(&row[0]) || invalid(&row[1]));
            skipped_invalid += 1;
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
    for row in tsv(&dir.join("validity.tsv")) {
        n += 1;
        let want = if row[1] == "true" { "1" } else { "0" };
        if our_valid(Scheme::Apk, &row[0]) != want {
            bad.push(format!("{:?}: want valid={want}", row[0]));
        }
    }
    eprintln!("apk vectors: {skipped_invalid} rows with an invalid version skipped");
    report("apk vectors", n, &bad);
}

#[test]
fn apk_real_versions_are_totally_ordered() {
    let Some(data) = shared_data("") else { return };
    let mut set = BTreeSet::new();
    read_tree(&data.join("advisories/alpine-secdb"), ".yaml", |text| {
        for line in text.lines() {
            let t = line.trim();
            if t.ends_with(':') && t.starts_with(|c: char| c.is_ascii_digit()) {
                set.insert(t.trim_end_matches(':').to_owned());
            }
        }
    });
    read_tree(&data.join("sbom-fixtures"), "installed", |text| {
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("V:") {
                set.insert(v.to_owned());
            }
        }
    });
    let versions: Vec<Version> = set
        .iter()
        .filter_map(|v| Version::parse(Scheme::Apk, v).ok())
        .collect();
    figure("apk real versions", versions.len());
    let mut sorted = versions.clone();
    sorted.sort_by(|a, b| a.partial_cmp(b).unwrap());
    // Sorted order must be consistent with every pairwise comparison.
    let mut bad = Vec::new();
    let mut rng = Rng::new(0xa9c);
    let mut n = 0;
    for _ in 0..20_000 {
        let i = rng.below(sorted.len());
        let j = rng.below(sorted.len());
        n += 1;
        let ord = sorted[i].partial_cmp(&sorted[j]).unwrap();
        if ord != i.cmp(&j) && ord != std::cmp::Ordering::Equal {
            bad.push(format!("{} vs {}", sorted[i], sorted[j]));
        }
        if sorted[j].partial_cmp(&sorted[i]).unwrap() != ord.reverse() {
            bad.push(format!("asymmetric: {} vs {}", sorted[i], sorted[j]));
        }
    }
    report("apk real-version order", n, &bad);
}
