//! Parser and linter throughput over the real Dockerfile corpus in
//! `../shared/data/dockerfiles` (skipped when absent).

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

fn corpus() -> Vec<String> {
    let mut out = Vec::new();
    let mut stack: Vec<_> = bosun_testkit::shared_data("dockerfiles")
        .into_iter()
        .collect();
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if is_dockerfile(&p)
                && let Ok(t) = std::fs::read_to_string(&p)
            {
                out.push(t);
            }
        }
    }
    out
}

fn is_dockerfile(p: &Path) -> bool {
    p.file_name()
        .is_some_and(|n| n.to_string_lossy().contains("ockerfile"))
        && !p.to_string_lossy().ends_with(".template")
}

fn bench(c: &mut Criterion) {
    let files = corpus();
    c.bench_function("parse corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .filter(|f| bosun_dockerfile::parse(f).is_ok())
                .count()
        })
    });
    let config = bosun_dockerfile::LintConfig::default();
    c.bench_function("lint corpus", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|f| bosun_dockerfile::lint("f", f, &config).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
