//! Import into the store and query it: committed fixtures, zips built in
//! the test, the `<ECOSYSTEM>/all.zip` layout, export/import round trips,
//! and (when present) the real advisories in ../shared/data.

use std::io::Write;
use std::path::{Path, PathBuf};

use bosun_vulndb::osv::{Event, RangeKind};
use bosun_vulndb::{NoProgress, Store, export, import};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/osv")
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

#[test]
fn imports_tree_and_reports_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("db/vulndb.sqlite");
    let report = import(&db, &fixtures(), &NoProgress).unwrap();
    assert!(report.failed.is_empty());
    assert_eq!(report.sources.len(), 1);
    let src = &report.sources[0];
    assert_eq!(src.records, 6, "{src:?}");
    let mut bad: Vec<_> = src
        .malformed
        .iter()
        .map(|m| (m.file.as_str(), m.id.as_deref()))
        .collect();
    bad.sort();
    assert_eq!(
        bad,
        [
            ("malformed-event.json", Some("BOSUN-TEST-8")),
            ("malformed-noid.yaml", None),
            ("malformed-truncated.json", None)
        ]
    );

    let store = Store::open(&db).unwrap();
    // PEP 503: Example_Pkg, example.pkg and example-pkg are one package.
    let hits = store.advisories_for("PyPI", "EXAMPLE.pkg").unwrap();
    let ids: Vec<_> = hits.iter().map(|h| h.advisory.id.as_str()).collect();
    assert_eq!(
        ids,
        ["BOSUN-TEST-1", "BOSUN-TEST-2"],
        "withdrawn BOSUN-TEST-5 excluded"
    );
    let a = &hits[0].affected[0];
    assert_eq!(a.name, "Example_Pkg");
    assert_eq!(a.ranges.len(), 2);
    assert_eq!(a.ranges[0].kind, RangeKind::Git);
    assert_eq!(
        a.ranges[1].events,
        [
            Event::Introduced("0".into()),
            Event::Fixed("1.2.3".into()),
            Event::Introduced("2.0".into()),
            Event::LastAffected("2.1".into())
        ]
    );
    assert_eq!(a.versions, ["1.0", "1.2.2", "2.0", "2.1"]);
    assert_eq!(hits[0].advisory.aliases, ["CVE-2099-0001"]);
    // YAML plain scalars stay strings.
    assert_eq!(hits[1].affected[0].versions, ["0.9", "0.10"]);
    assert_eq!(
        hits[1].affected[0].ranges[0].events[1],
        Event::Fixed("1.0".into())
    );

    // Releases: Debian:12 sees its own entries and release-less ones.
    let ids = |eco: &str| -> Vec<(String, usize)> {
        store
            .advisories_for(eco, "openssl")
            .unwrap()
            .into_iter()
            .map(|m| (m.advisory.id, m.affected.len()))
            .collect()
    };
    assert_eq!(
        ids("Debian:12"),
        [("BOSUN-TEST-3".into(), 1), ("BOSUN-TEST-4".into(), 1)]
    );
    assert_eq!(
        ids("Debian"),
        [("BOSUN-TEST-3".into(), 2), ("BOSUN-TEST-4".into(), 1)]
    );
    assert_eq!(ids("Debian:10"), [("BOSUN-TEST-4".into(), 1)]);

    assert_eq!(
        store.advisories_for("npm", "@scope/Thing").unwrap().len(),
        1
    );
    assert!(
        store
            .advisories_for("npm", "@scope/thing")
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.resolve_id("CVE-2099-0002").unwrap(), ["BOSUN-TEST-2"]);
    let full = store.advisory("BOSUN-TEST-2").unwrap().unwrap();
    assert_eq!(
        full.summary.as_deref(),
        Some("Path traversal in example.pkg")
    );
    // JSON records are kept as published, unknown fields included.
    let raw = store.record_json("BOSUN-TEST-1").unwrap().unwrap();
    assert!(
        String::from_utf8(raw)
            .unwrap()
            .contains("x_bosun_extension")
    );

    let status = store.status().unwrap();
    assert_eq!(status.advisories, 6);
    assert_eq!(status.withdrawn, 1);
    assert_eq!(status.sources[0].malformed, 3);
    assert_eq!(store.malformed().unwrap().len(), 3);
    insta::assert_json_snapshot!("query_example_pkg", hits);
    drop(store);

    // Importing the same tree again replaces it in place: same answers.
    import(&db, &fixtures(), &NoProgress).unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.advisories_for("PyPI", "EXAMPLE.pkg").unwrap(), hits);
    assert_eq!(store.resolve_id("CVE-2099-0002").unwrap(), ["BOSUN-TEST-2"]);
    assert_eq!(store.status().unwrap().advisories, 6);
}

#[test]
fn zip_reimport_replaces_source_and_layout_names_ecosystems() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vulndb.sqlite");
    let rec = |id: &str, name: &str| {
        format!(
            r#"{{"id":"{id}","modified":"2024-01-01T00:00:00Z","affected":[{{"package":{{"ecosystem":"crates.io","name":"{name}"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}},{{"fixed":"1.0.0"}}]}}]}}]}}"#
        )
    };
    let layout = dir.path().join("mirror");
    std::fs::create_dir_all(layout.join("crates.io")).unwrap();
    let zip1 = zip_of(&[
        ("A-1.json", rec("A-1", "foo_bar").as_bytes()),
        ("A-2.json", rec("A-2", "baz").as_bytes()),
        ("notes.txt", b"ignored"),
    ]);
    std::fs::write(layout.join("crates.io/all.zip"), zip1).unwrap();
    let r = import(&db, &layout, &NoProgress).unwrap();
    assert_eq!(r.sources[0].name, "crates.io");
    assert_eq!(r.sources[0].records, 2);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.advisories_for("crates.io", "Foo-Bar").unwrap().len(),
        1
    );
    drop(store);

    // The second export no longer has A-2: it disappears with its source.
    let zip2 = zip_of(&[("A-1.json", rec("A-1", "foo_bar").as_bytes())]);
    std::fs::write(layout.join("crates.io/all.zip"), zip2).unwrap();
    import(&db, &layout.join("crates.io/all.zip"), &NoProgress).unwrap();
    let store = Store::open(&db).unwrap();
    let st = store.status().unwrap();
    assert_eq!(st.advisories, 1);
    assert_eq!(st.sources.len(), 1);
    assert!(store.advisories_for("crates.io", "baz").unwrap().is_empty());
}

#[test]
fn damaged_zip_keeps_previous_data() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vulndb.sqlite");
    import(&db, &fixtures(), &NoProgress).unwrap();
    let before = std::fs::read(&db).unwrap();

    let good = zip_of(&[("X.json", br#"{"id":"X","modified":"2024-01-01T00:00:00Z"}"#)]);
    let mut bad = good.clone();
    // Flip a byte inside the compressed data: the CRC check must catch it.
    bad[40] ^= 0xFF;
    let path = dir.path().join("bad.zip");
    std::fs::write(&path, &bad).unwrap();
    let r = import(&db, &path, &NoProgress).unwrap();
    assert_eq!(r.failed.len(), 1, "{r:?}");
    assert!(r.failed[0].error.contains("zip"), "{}", r.failed[0].error);
    assert_eq!(std::fs::read(&db).unwrap(), before, "database untouched");

    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    let r = import(&db, &path, &NoProgress);
    assert!(
        matches!(r, Ok(ref r) if r.failed.len() == 1) || r.is_err(),
        "{r:?}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "database untouched");
    // No temporary files are left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");
}

#[test]
fn export_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a/vulndb.sqlite");
    import(&db, &fixtures(), &NoProgress).unwrap();
    let out = dir.path().join("bosun-db.zst");
    let size = export(&db, &out).unwrap();
    assert!(size > 0);
    let db2 = dir.path().join("b/vulndb.sqlite");
    let r = import(&db2, &out, &NoProgress).unwrap();
    assert!(r.replaced_database);
    let (a, b) = (Store::open(&db).unwrap(), Store::open(&db2).unwrap());
    assert_eq!(
        a.advisories_for("PyPI", "example-pkg").unwrap(),
        b.advisories_for("PyPI", "example-pkg").unwrap()
    );
    assert_eq!(a.status().unwrap().sources, b.status().unwrap().sources);

    // A damaged export is refused and the live database stays.
    let mut bytes = std::fs::read(&out).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&out, bytes).unwrap();
    assert!(import(&db2, &out, &NoProgress).is_err());
    assert_eq!(Store::open(&db2).unwrap().status().unwrap().advisories, 6);
}

#[test]
fn missing_and_foreign_databases_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let e = Store::open(&dir.path().join("none.sqlite")).unwrap_err();
    assert!(e.to_string().contains("bosun db update"), "{e}");
    let foreign = dir.path().join("f.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    let e = Store::open(&foreign).unwrap_err();
    assert!(e.to_string().contains("not a bosun"), "{e}");
}

#[test]
fn real_advisories_import_without_malformed() {
    let Some(root) = bosun_testkit::shared_data("advisories") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vulndb.sqlite");
    let mut total = 0;
    for sub in ["go", "pypi", "npm-osv", "debian-osv", "kubernetes"] {
        let r = import(&db, &root.join(sub), &NoProgress).unwrap();
        assert!(r.failed.is_empty(), "{sub}: {:?}", r.failed);
        let src = &r.sources[0];
        assert!(
            src.malformed.is_empty(),
            "{sub}: {:?}",
            &src.malformed[..src.malformed.len().min(5)]
        );
        total += src.records;
    }
    assert!(total > 15_000, "{total}");
    let store = Store::open(&db).unwrap();
    let hits = store.advisories_for("PyPI", "AIOHTTP").unwrap();
    assert!(hits.iter().any(|h| h.advisory.id == "PYSEC-2021-76"));
    let hits = store
        .advisories_for("Go", "github.com/gin-gonic/gin")
        .unwrap();
    assert!(hits.iter().any(|h| h.advisory.id == "GO-2020-0001"));
    let hits = store.advisories_for("Debian:6", "gnutls26").unwrap();
    assert!(hits.iter().any(|h| h.advisory.id == "DLA-0001-1"));
}

#[test]
fn osv_test_records_never_abort() {
    let Some(root) = bosun_testkit::shared_data("advisories") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("vulndb.sqlite");
    let r = import(&db, &root.join("osv-test-records"), &NoProgress).unwrap();
    let src = &r.sources[0];
    // Some upstream test records are deliberately odd; all are accounted for.
    assert!(src.records >= 50, "{src:?}");
    for m in &src.malformed {
        assert!(!m.reason.is_empty());
    }
}

/// Every ecosystem the issue names imports and answers queries by base and
/// by full ecosystem string, with its own name normalisation.
#[test]
fn all_named_ecosystems_round_trip() {
    let cases = [
        ("Debian:12", "openssl", "openssl"),
        ("Ubuntu:22.04:LTS", "openssl", "openssl"),
        ("Alpine:v3.20", "musl", "musl"),
        ("Red Hat:enterprise_linux:9::appstream", "nodejs", "nodejs"),
        ("Rocky Linux:9", "kernel", "kernel"),
        ("AlmaLinux:9", "kernel", "kernel"),
        ("SUSE:Linux Enterprise Server 15 SP5", "libxml2", "libxml2"),
        ("openSUSE:Tumbleweed", "curl", "curl"),
        ("Wolfi", "glibc", "glibc"),
        ("Chainguard", "glibc", "glibc"),
        ("PyPI", "Django_Rest.Framework", "django-rest-framework"),
        ("npm", "@angular/core", "@angular/core"),
        ("Go", "golang.org/x/net", "golang.org/x/net"),
        ("crates.io", "Tokio_Util", "tokio-util"),
        (
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "org.apache.logging.log4j:log4j-core",
        ),
        ("RubyGems", "rails", "rails"),
        ("Packagist", "Symfony/HTTP-Kernel", "symfony/http-kernel"),
        ("NuGet", "Newtonsoft.Json", "newtonsoft.json"),
        ("Hex", "plug", "plug"),
        ("Pub", "http", "http"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    for (i, (eco, name, _)) in cases.iter().enumerate() {
        let rec = serde_json::json!({
            "id": format!("ECO-{i}"),
            "modified": "2024-01-01T00:00:00Z",
            "affected": [{"package": {"ecosystem": eco, "name": name},
                          "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9"}]}]}]
        });
        std::fs::write(tree.join(format!("ECO-{i}.json")), rec.to_string()).unwrap();
    }
    let db = dir.path().join("vulndb.sqlite");
    let r = import(&db, &tree, &NoProgress).unwrap();
    assert_eq!(r.sources[0].records as usize, cases.len());
    assert!(r.sources[0].malformed.is_empty());
    let store = Store::open(&db).unwrap();
    for (i, (eco, name, normalised)) in cases.iter().enumerate() {
        let id = format!("ECO-{i}");
        let base = bosun_vulndb::base_ecosystem(eco);
        for (e, n) in [(*eco, *name), (base, *name), (*eco, *normalised)] {
            let hits = store.advisories_for(e, n).unwrap();
            assert!(hits.iter().any(|h| h.advisory.id == id), "{e} {n}");
        }
    }
    let ecosystems = store.status().unwrap().ecosystems;
    assert_eq!(ecosystems.len(), cases.len());
}
