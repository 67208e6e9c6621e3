//! `bosun db import`, `db export` and `db status` as users run them, with
//! snapshots of what they print.

#![allow(clippy::expect_used)] // test helpers

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

fn bosun(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bosun"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BOSUN_CONFIG")
        .env_remove("BOSUN_DB_MAX_AGE")
        .output()
        .expect("run bosun")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A mirror directory in osv-scanner's offline layout: two ecosystems,
/// one malformed record.
fn layout(dir: &Path) {
    let write_zip = |eco: &str, files: &[(&str, &str)]| {
        std::fs::create_dir_all(dir.join(eco)).expect("mkdir");
        let f = std::fs::File::create(dir.join(eco).join("all.zip")).expect("create zip");
        let mut w = zip::ZipWriter::new(f);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in files {
            w.start_file(*name, opts).expect("entry");
            w.write_all(body.as_bytes()).expect("write");
        }
        w.finish().expect("finish");
    };
    write_zip(
        "PyPI",
        &[
            (
                "PYSEC-T-1.json",
                r#"{"id":"PYSEC-T-1","modified":"2024-01-01T00:00:00Z","aliases":["CVE-2099-1"],
                   "affected":[{"package":{"ecosystem":"PyPI","name":"Foo.Bar"},
                   "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"2.0"}]}]}]}"#,
            ),
            (
                "broken.json",
                r#"{"id":"PYSEC-T-2","modified":"2024-01-01T00:00:00Z","affected":3}"#,
            ),
        ],
    );
    write_zip(
        "Debian",
        &[(
            "DSA-T-1.json",
            r#"{"id":"DSA-T-1","modified":"2024-01-01T00:00:00Z",
               "affected":[{"package":{"ecosystem":"Debian:12","name":"openssl"},
               "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"3.0.11-1"}]}]}]}"#,
        )],
    );
}

#[test]
fn import_layout_status_export_import() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = dir.path().join("mirror");
    layout(&mirror);
    let db = dir.path().join("a.sqlite");

    let out = bosun(
        &db,
        &["--quiet", "db", "import", mirror.to_str().expect("utf-8")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    insta::assert_snapshot!("import_layout_stdout", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(
        err.contains("PyPI: broken.json: PYSEC-T-2: malformed record skipped: invalid type"),
        "{err}"
    );

    let out = bosun(&db, &["db", "status", "--format", "json", "--malformed"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Times, sizes and paths differ between runs.
    json["status"]["path"] = "[path]".into();
    json["status"]["file_bytes"] = 0.into();
    json["age_secs"] = 0.into();
    for s in json["status"]["sources"].as_array_mut().expect("sources") {
        s["fetched_at"] = 0.into();
        s["checked_at"] = 0.into();
        s["url"] = "[url]".into();
        s["bytes"] = 0.into();
    }
    insta::assert_json_snapshot!("status_json", json);

    let table = bosun(&db, &["db", "status"]);
    assert!(table.status.success());
    let t = text(&table.stdout);
    assert!(t.contains("Advisories: 2 (0 withdrawn)"), "{t}");

    let export = dir.path().join("bosun-db.zst");
    let out = bosun(&db, &["db", "export", export.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let db2 = dir.path().join("offline/b.sqlite");
    let out = bosun(&db2, &["db", "import", export.to_str().expect("utf-8")]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("imported database"));
    let store = bosun_vulndb::Store::open(&db2).expect("open imported");
    let hits = store.advisories_for("PyPI", "foo-bar").expect("query");
    assert_eq!(hits[0].advisory.id, "PYSEC-T-1");
    assert_eq!(
        store
            .advisories_for("Debian:12", "openssl")
            .expect("query")
            .len(),
        1
    );
}

#[test]
fn stale_data_warns() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mirror = dir.path().join("mirror");
    layout(&mirror);
    let db = dir.path().join("a.sqlite");
    assert!(
        bosun(
            &db,
            &["-q", "db", "import", mirror.to_str().expect("utf-8")]
        )
        .status
        .success()
    );
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let out = bosun(&db, &["db", "status", "--max-age", "1s"]);
    assert!(out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("warning: the vulnerability data was last updated"),
        "{err}"
    );
    let out = bosun(&db, &["db", "status", "--max-age", "7d"]);
    assert!(
        !text(&out.stderr).contains("warning"),
        "{}",
        text(&out.stderr)
    );
    let out = bosun(&db, &["db", "status", "--max-age", "seven days"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_database_and_bad_input_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("none.sqlite");
    let out = bosun(&db, &["db", "status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("bosun db update"),
        "{}",
        text(&out.stderr)
    );
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"\x00\x01binary").expect("write");
    let out = bosun(&db, &["db", "import", junk.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!db.exists());
}
