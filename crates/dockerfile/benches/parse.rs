//! Parser and linter throughput over the real Dockerfile corpus in
//! `../shared/data/dockerfiles` (skipped when absent), and over large
//! generated files that used to take quadratic time (issue 14).

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

/// Large generated files: many `RUN`s, apt-get lines, a long stage chain
/// and deeply nested substitutions.
fn large(c: &mut Criterion) {
    let config = bosun_dockerfile::LintConfig::default();
    let apt = "RUN apt-get update && apt-get install -y --no-install-recommends curl=8.5.0 && rm -rf /var/lib/apt/lists/*\n";
    let mut chain = String::from("FROM debian:12 AS s0\n");
    for i in 0..20_000 {
        chain.push_str(&format!("FROM s{i} AS s{}\nCOPY --from=s{i} a b\n", i + 1));
    }
    let cases = [
        (
            "40k RUN true",
            format!("FROM debian:12\n{}", "RUN true\n".repeat(40_000)),
        ),
        (
            "4 MiB apt-get",
            format!("FROM debian:12\n{}", apt.repeat((4 << 20) / apt.len())),
        ),
        ("20k-stage chain", chain),
        (
            "8000 nested $(echo)",
            format!(
                "FROM debian:12\nRUN echo {}x{}\n",
                "$(echo ".repeat(8000),
                ")".repeat(8000)
            ),
        ),
    ];
    let mut g = c.benchmark_group("lint large");
    g.sample_size(10);
    for (name, text) in &cases {
        g.bench_function(*name, |b| {
            b.iter(|| bosun_dockerfile::lint("f", text, &config).len())
        });
    }
    g.finish();
}

criterion_group!(benches, bench, large);
criterion_main!(benches);
