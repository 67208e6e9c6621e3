//! Benchmarks of the vulnerability database (figures for the issue's
//! targets): import rate from an `all.zip` export, the latency of all
//! advisories of one package on a warm database, and the size on disk
//! against the uncompressed JSON.
//!
//! Data: the real advisories in ../shared/data/advisories (Go, PyPI, npm,
//! Debian) when present, else generated records.

#![allow(missing_docs, clippy::print_stderr, clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};

use bosun_vulndb::{NoProgress, Store, import};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};

struct Corpus {
    zip: PathBuf,
    records: u64,
    json_bytes: u64,
    packages: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

fn shared_files() -> Vec<(String, Vec<u8>)> {
    let Some(root) = bosun_testkit::shared_data("advisories") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for sub in ["go", "pypi", "npm-osv", "debian-osv"] {
        let mut stack = vec![root.join(sub)];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in rd.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json" || x == "yaml") {
                    let name = p.strip_prefix(&root).unwrap().display().to_string();
                    out.push((name, std::fs::read(&p).unwrap()));
                }
            }
        }
    }
    out
}

fn synthetic(n: usize) -> Vec<(String, Vec<u8>)> {
    (0..n)
        .map(|i| {
            let json = format!(
                r#"{{"schema_version":"1.6.0","id":"SYN-{i}","modified":"2024-01-01T00:00:00Z",
                "published":"2024-01-01T00:00:00Z","aliases":["CVE-2099-{i}"],
                "summary":"Synthetic advisory {i}","details":"A synthetic advisory used by the benchmark; it is about as long as a typical OSV record's details field, which is a paragraph or two of text describing the problem.",
                "severity":[{{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}}],
                "affected":[{{"package":{{"ecosystem":"PyPI","name":"pkg-{}"}},
                "ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"1.{i}"}}]}}],
                "versions":["1.0","1.1","1.2"]}}],
                "references":[{{"type":"ADVISORY","url":"https://example.invalid/SYN-{i}"}}]}}"#,
                i % 2000
            );
            (format!("SYN-{i}.json"), json.into_bytes())
        })
        .collect()
}

fn corpus(files: Vec<(String, Vec<u8>)>) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("all.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).unwrap());
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut json_bytes = 0;
    for (name, body) in &files {
        w.start_file(name.as_str(), opts).unwrap();
        w.write_all(body).unwrap();
        json_bytes += body.len() as u64;
    }
    w.finish().unwrap();
    // Import once to learn the packages to query.
    let db = dir.path().join("probe.sqlite");
    import(&db, &zip, &NoProgress).unwrap();
    let conn = rusqlite::Connection::open(&db).unwrap();
    let mut stmt = conn
        .prepare("SELECT ecosystem, raw_name FROM affected GROUP BY base, name ORDER BY random() LIMIT 500")
        .unwrap();
    let packages = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    Corpus {
        zip,
        records: files.len() as u64,
        json_bytes,
        packages,
        _dir: dir,
    }
}

fn bench_corpus(c: &mut Criterion, label: &str, corpus: &Corpus) {
    let mut g = c.benchmark_group(format!("import/{label}"));
    g.sample_size(10);
    g.throughput(Throughput::Elements(corpus.records));
    g.bench_function("all.zip", |b| {
        b.iter_batched(
            || tempfile::tempdir().unwrap(),
            |dir| {
                let db = dir.path().join("vulndb.sqlite");
                import(&db, &corpus.zip, &NoProgress).unwrap();
                dir
            },
            BatchSize::PerIteration,
        )
    });
    g.finish();

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vulndb.sqlite");
    import(&db, &corpus.zip, &NoProgress).unwrap();
    report_size(label, &db, corpus);
    let store = Store::open(&db).unwrap();
    let mut g = c.benchmark_group(format!("query/{label}"));
    let mut i = 0;
    g.bench_function("advisories_for", |b| {
        b.iter(|| {
            let (eco, name) = &corpus.packages[i % corpus.packages.len()];
            i += 1;
            store.advisories_for(eco, name).unwrap()
        })
    });
    g.finish();
}

fn report_size(label: &str, db: &Path, corpus: &Corpus) {
    let size = std::fs::metadata(db).unwrap().len();
    eprintln!(
        "size/{label}: {} records, JSON {} bytes, database {} bytes, ratio {:.2}",
        corpus.records,
        corpus.json_bytes,
        size,
        size as f64 / corpus.json_bytes as f64
    );
}

fn benches(c: &mut Criterion) {
    let shared = shared_files();
    if !shared.is_empty() {
        bench_corpus(c, "shared", &corpus(shared));
    }
    bench_corpus(c, "synthetic-50k", &corpus(synthetic(50_000)));
}

criterion_group!(vulndb, benches);
criterion_main!(vulndb);
