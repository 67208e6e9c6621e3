//! The matching target: a 2,000-package SBOM (real package names
//! from the advisory data, every ecosystem mixed) against a store holding
//! every OSV-format ecosystem of ../shared/data/advisories (PyPI, npm, Go,
//! Debian, Kubernetes) must match in under 100 ms.
//!
//! Versions alternate between one an advisory names as introduced (a hit),
//! one it names as fixed (a near miss), and a low one, so that every kind
//! of comparison, merge and record fetch is exercised.

#![allow(missing_docs, clippy::print_stderr, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bosun_catalog::{ImageInfo, Package, SBOM_SCHEMA, Sbom};
use bosun_match::{MatchOptions, match_sbom};
use bosun_vulndb::osv::{Advisory, Event};
use bosun_vulndb::{NoProgress, Store, import};
use criterion::{Criterion, criterion_group, criterion_main};

const SOURCES: &[&str] = &["pypi", "npm-osv", "go", "debian-osv", "kubernetes"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json" || x == "yaml") {
            out.push(p);
        }
    }
}

/// (ecosystem, name) → candidate versions, from the records themselves.
fn names(root: &Path) -> BTreeMap<(String, String), Vec<String>> {
    let mut out: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for s in SOURCES {
        let mut fs = Vec::new();
        files(&root.join(s), &mut fs);
        for f in fs {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            let adv = if f.extension().is_some_and(|x| x == "yaml") {
                bosun_vulndb::osv::from_yaml(&text)
            } else {
                Advisory::from_json(text.as_bytes())
            };
            let Ok(adv) = adv else { continue };
            for a in &adv.affected {
                let Some(p) = &a.package else { continue };
                let versions = out
                    .entry((p.ecosystem.clone(), p.name.clone()))
                    .or_default();
                for r in &a.ranges {
                    for e in &r.events {
                        if let Event::Introduced(v) | Event::Fixed(v) = e
                            && v != "0"
                            && versions.len() < 4
                        {
                            versions.push(v.clone());
                        }
                    }
                }
            }
        }
    }
    out
}

fn kind(ecosystem: &str) -> &'static str {
    match bosun_vulndb::base_ecosystem(ecosystem) {
        "PyPI" => "pypi",
        "npm" => "npm",
        "Go" => "golang",
        "Debian" => "deb",
        _ => "generic",
    }
}

fn sbom(names: &BTreeMap<(String, String), Vec<String>>, n: usize) -> Sbom {
    let all: Vec<_> = names.iter().collect();
    let step = (all.len() / n).max(1);
    let packages = all
        .iter()
        .step_by(step)
        .take(n)
        .enumerate()
        .map(|(i, ((eco, name), versions))| {
            let low = if kind(eco) == "deb" { "0.1-1" } else { "0.0.1" };
            let version = match (i % 3, versions.first(), versions.get(1)) {
                (0, Some(v), _) | (1, _, Some(v)) => v.as_str(),
                _ => low,
            };
            let mut p = Package::new(kind(eco), name, version, "bench");
            p.ecosystem = Some(eco.clone());
            p.purl = format!("pkg:{}/{name}@{version}", kind(eco));
            p
        })
        .collect();
    Sbom {
        schema: SBOM_SCHEMA.to_owned(),
        tool_version: "bench".to_owned(),
        image: ImageInfo::default(),
        distro: None,
        layers: Vec::new(),
        packages,
        problems: Vec::new(),
        users: None,
    }
}

fn bench(c: &mut Criterion) {
    let Some(root) = bosun_testkit::shared_data("advisories") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db.sqlite");
    for s in SOURCES {
        import(&db, &root.join(s), &NoProgress).unwrap();
    }
    let store = Store::open(&db).unwrap();
    let names = names(&root);
    let sbom = sbom(&names, 2000);
    let report = match_sbom(&store, &sbom, &MatchOptions::default()).unwrap();
    let mut per_eco: BTreeMap<&str, usize> = BTreeMap::new();
    for p in &sbom.packages {
        *per_eco
            .entry(bosun_vulndb::base_ecosystem(
                p.ecosystem.as_deref().unwrap_or(""),
            ))
            .or_default() += 1;
    }
    eprintln!(
        "match: {} packages {per_eco:?} of {} names; {} findings, {} unmatched",
        sbom.packages.len(),
        names.len(),
        report.findings.len(),
        report.unmatched.len()
    );
    let mut g = c.benchmark_group("match");
    g.sample_size(20);
    g.bench_function("sbom_2000_packages", |b| {
        b.iter(|| match_sbom(&store, &sbom, &MatchOptions::default()).unwrap())
    });
    // The parts, to see where the time goes.
    let queries: Vec<(String, String)> = sbom
        .packages
        .iter()
        .map(|p| (p.ecosystem.clone().unwrap_or_default(), p.name.clone()))
        .collect();
    let q: Vec<(&str, &str)> = queries
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    g.bench_function("store_queries_only", |b| {
        b.iter(|| store.advisories_for_many(&q).unwrap())
    });
    let ids: Vec<&str> = report
        .findings
        .iter()
        .flat_map(|f| f.advisories.iter().map(String::as_str))
        .collect();
    g.bench_function("advisory_links_only", |b| {
        b.iter(|| store.advisory_links(&ids).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
