//! Comparisons per second on already-parsed versions, drawn from real data
//! (Debian advisories' fixed versions and PyPI advisories' versions in
//! ../shared/data; a small built-in list when that is absent).

use std::collections::BTreeSet;
use std::hint::black_box;
use std::path::Path;

use bosun_version::{Scheme, Version};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DPKG_SEEDS: &[&str] = &[
    "2.8.6-1+squeeze4",
    "1:1.2.3-4",
    "7.74.0-1.3+deb11u7",
    "2:8.2.2434-3+deb11u1",
    "1.0~rc1-1",
    "0.9.8g-15+lenny11",
    "3.0.0~beta1+dfsg-1~bpo10+1",
    "1.1.1n-0+deb11u5",
    "5.10.162-1",
    "2.36-9+deb12u4",
];
const PEP440_SEEDS: &[&str] = &[
    "1.0",
    "2.31.0",
    "1.26.18",
    "3.2.1rc1",
    "0.9.post1",
    "1!2.0",
    "4.0.0.dev3",
    "2.0.0b2",
    "1.0+local.7",
    "23.1.2",
];

/// `key` values from every file under `dir` (JSON `"fixed": "…"` or YAML
/// `fixed: …`).
fn scan(dir: &Path, key: &str, out: &mut BTreeSet<String>, limit: usize) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if out.len() >= limit {
            return;
        }
        let path = entry.path();
        if path.is_dir() {
            scan(&path, key, out, limit);
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines() {
            if let Some((_, v)) = line.split_once(key) {
                let v =
                    v.trim_matches(|c: char| c == ':' || c == ',' || c == '"' || c.is_whitespace());
                if !v.is_empty() && v != "0" {
                    out.insert(v.to_owned());
                }
            }
        }
    }
}

fn versions(scheme: Scheme, seeds: &[&str], dir: &str, key: &str) -> Vec<Version> {
    let mut set: BTreeSet<String> = seeds.iter().map(|s| (*s).to_owned()).collect();
    // Without the shared data, the seeds alone.
    if let Some(dir) = bosun_testkit::shared_data(dir) {
        scan(&dir, key, &mut set, 4000);
    }
    set.iter()
        .filter_map(|v| Version::parse(scheme, v).ok())
        .collect()
}

fn bench_scheme(c: &mut Criterion, name: &str, vs: &[Version]) {
    // Fixed pairings spread over the whole list, so branch prediction sees
    // real variety.
    let n = vs.len();
    let pairs: Vec<(usize, usize)> = (0..n).map(|i| (i, (i * 7919 + 13) % n)).collect();
    let mut group = c.benchmark_group("compare");
    group.throughput(Throughput::Elements(pairs.len() as u64));
    group.bench_function(format!("{name} ({n} real versions)"), |b| {
        b.iter(|| {
            let mut less = 0usize;
            for &(i, j) in &pairs {
                if black_box(&vs[i]) < black_box(&vs[j]) {
                    less += 1;
                }
            }
            less
        });
    });
    group.finish();
}

fn compare(c: &mut Criterion) {
    let dpkg = versions(
        Scheme::Dpkg,
        DPKG_SEEDS,
        "advisories/debian-osv",
        "\"fixed\"",
    );
    bench_scheme(c, "dpkg", &dpkg);
    let pep440 = versions(Scheme::Pep440, PEP440_SEEDS, "advisories/pypi", "fixed");
    bench_scheme(c, "pep440", &pep440);
}

criterion_group!(benches, compare);
criterion_main!(benches);
