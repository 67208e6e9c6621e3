//! `bosun db update` against a loopback HTTP server written here on
//! `std::net::TcpListener`: first update, conditional re-update (304),
//! a changed ecosystem, the mirror's ecosystem list, and the failures that
//! must leave the previous database usable: a corrupt zip, a truncated
//! body, a wrong content type, and `kill -9` in the middle of a download.
//!
//! The served zips are built from the real advisories in
//! ../shared/data/advisories when present (a slice, to keep debug runs
//! short), plus small records written here.

#![allow(clippy::expect_used)] // test helpers

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bosun_vulndb::Store;

/// How a resource's body is sent.
#[derive(Clone, Copy)]
enum Mode {
    Normal,
    /// Announce the full length, send this many bytes, close.
    Truncate(usize),
    /// Send in small chunks with pauses (for the kill test).
    Slow,
}

#[derive(Clone)]
struct Resource {
    body: Vec<u8>,
    etag: String,
    content_type: String,
    mode: Mode,
}

#[derive(Debug, Clone)]
struct Request {
    path: String,
    if_none_match: Option<String>,
    status: u16,
}

#[derive(Default)]
struct State {
    resources: HashMap<String, Resource>,
    log: Vec<Request>,
}

struct Server {
    base: String,
    state: Arc<Mutex<State>>,
    sent: Arc<AtomicU64>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let state = Arc::new(Mutex::new(State::default()));
        let sent = Arc::new(AtomicU64::new(0));
        let (st, se) = (state.clone(), sent.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let (st, se) = (st.clone(), se.clone());
                std::thread::spawn(move || {
                    let _ = serve(conn, &st, &se);
                });
            }
        });
        Self { base, state, sent }
    }

    fn put(&self, path: &str, body: Vec<u8>, etag: &str, content_type: &str, mode: Mode) {
        self.state.lock().expect("lock").resources.insert(
            path.to_owned(),
            Resource {
                body,
                etag: etag.to_owned(),
                content_type: content_type.to_owned(),
                mode,
            },
        );
    }

    fn put_zip(&self, eco: &str, body: Vec<u8>, etag: &str) {
        self.put(
            &format!("/{eco}/all.zip"),
            body,
            etag,
            "application/zip",
            Mode::Normal,
        );
    }

    /// Serves an export of ecosystem `eco` holding one record.
    fn put_record(&self, id: &str, eco: &str, name: &str, fixed: &str, etag: &str) {
        let files = [record(id, eco, name, fixed)];
        self.put_zip(eco, zip_of(&files, zip::CompressionMethod::Deflated), etag);
    }

    fn take_log(&self) -> Vec<Request> {
        std::mem::take(&mut self.state.lock().expect("lock").log)
    }
}

fn serve(conn: TcpStream, state: &Mutex<State>, sent: &AtomicU64) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let mut if_none_match = None;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h == "\r\n" {
            break;
        }
        if let Some((k, v)) = h.split_once(':')
            && k.eq_ignore_ascii_case("if-none-match")
        {
            if_none_match = Some(v.trim().to_owned());
        }
    }
    let resource = state.lock().expect("lock").resources.get(&path).cloned();
    let mut out = conn;
    let status = match &resource {
        None => 404,
        Some(r) if if_none_match.as_deref() == Some(r.etag.as_str()) => 304,
        Some(_) => 200,
    };
    state.lock().expect("lock").log.push(Request {
        path,
        if_none_match,
        status,
    });
    match (status, resource) {
        (200, Some(r)) => {
            write!(
                out,
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: {}\r\nETag: {}\r\n\
                 Connection: close\r\n\r\n",
                r.body.len(),
                r.content_type,
                r.etag
            )?;
            match r.mode {
                Mode::Normal => out.write_all(&r.body)?,
                Mode::Truncate(n) => out.write_all(&r.body[..n.min(r.body.len())])?,
                Mode::Slow => {
                    for chunk in r.body.chunks(1024) {
                        out.write_all(chunk)?;
                        out.flush()?;
                        sent.fetch_add(chunk.len() as u64, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(20));
                    }
                }
            }
        }
        (304, Some(r)) => write!(
            out,
            "HTTP/1.1 304 Not Modified\r\nETag: {}\r\nConnection: close\r\n\r\n",
            r.etag
        )?,
        _ => write!(
            out,
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )?,
    }
    out.flush()
}

fn zip_of(files: &[(String, Vec<u8>)], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(name.as_str(), opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

fn record(id: &str, eco: &str, name: &str, fixed: &str) -> (String, Vec<u8>) {
    let json = format!(
        r#"{{"id":"{id}","modified":"2024-01-01T00:00:00Z","summary":"test {id}",
            "affected":[{{"package":{{"ecosystem":"{eco}","name":"{name}"}},
            "ranges":[{{"type":"ECOSYSTEM","events":[{{"introduced":"0"}},{{"fixed":"{fixed}"}}]}}]}}]}}"#
    );
    (format!("{id}.json"), json.into_bytes())
}

/// Up to `limit` record files of one folder of ../shared/data/advisories
/// (searched recursively), or none when the folder is absent.
fn shared_records(folder: &str, limit: usize) -> Vec<(String, Vec<u8>)> {
    let Some(root) = bosun_testkit::shared_data(&format!("advisories/{folder}")) else {
        return Vec::new();
    };
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read shared dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json" || x == "yaml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.truncate(limit);
    files
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(&root).expect("prefix").display().to_string();
            (name, std::fs::read(&p).expect("read record"))
        })
        .collect()
}

/// The PyPI export: real advisories (stored, to keep debug runs fast) and
/// one record of ours.
fn pypi_zip() -> (Vec<u8>, usize) {
    let mut files = shared_records("pypi", 400);
    files.push(record("BOSUN-PY-1", "PyPI", "Example_Pkg", "1.0"));
    (zip_of(&files, zip::CompressionMethod::Stored), files.len())
}

fn go_zip(extra: bool) -> (Vec<u8>, usize) {
    let mut files = shared_records("go", 400);
    files.push(record("BOSUN-GO-1", "Go", "example.invalid/mod", "1.2.0"));
    if extra {
        files.push(record("BOSUN-GO-2", "Go", "example.invalid/other", "2.0.0"));
    }
    (
        zip_of(&files, zip::CompressionMethod::Deflated),
        files.len(),
    )
}

fn bosun(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bosun"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("BOSUN_DB_BASE_URL")
        .env_remove("BOSUN_CONFIG")
        .output()
        .expect("run bosun")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn sources(db: &Path) -> HashMap<String, (i64, Option<String>, i64)> {
    Store::open(db)
        .expect("open db")
        .status()
        .expect("status")
        .sources
        .into_iter()
        .map(|s| (s.name, (s.records, s.etag, s.checked_at)))
        .collect()
}

fn hits(db: &Path, eco: &str, name: &str) -> Vec<String> {
    Store::open(db)
        .expect("open db")
        .advisories_for(eco, name)
        .expect("query")
        .into_iter()
        .map(|m| m.advisory.id)
        .collect()
}

fn update(db: &Path, server: &Server, ecosystems: &str) -> Output {
    bosun(
        db,
        &[
            "--quiet",
            "db",
            "update",
            "--base-url",
            &server.base,
            "--ecosystem",
            ecosystems,
        ],
    )
}

#[test]
fn update_then_conditional_reupdate() {
    let server = Server::start();
    let (pypi, n_pypi) = pypi_zip();
    let (go, n_go) = go_zip(false);
    server.put_zip("PyPI", pypi, "\"py-1\"");
    server.put_zip("Go", go, "\"go-1\"");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("cache/vulndb.sqlite");

    let out = update(&db, &server, "PyPI,Go");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let src = sources(&db);
    assert_eq!(src["PyPI"].0 as usize, n_pypi);
    assert_eq!(src["Go"].0 as usize, n_go);
    assert_eq!(src["Go"].1.as_deref(), Some("\"go-1\""));
    assert_eq!(hits(&db, "PyPI", "example-pkg"), ["BOSUN-PY-1"]);
    assert_eq!(server.take_log().len(), 2);

    // Unchanged: one conditional request each, answered 304; no rebuild.
    let inode_before = file_id(&db);
    std::thread::sleep(Duration::from_millis(1100));
    let out = update(&db, &server, "PyPI,Go");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("not modified"),
        "{}",
        text(&out.stdout)
    );
    let log = server.take_log();
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log.iter()
            .all(|r| r.status == 304 && r.if_none_match.is_some()),
        "{log:?}"
    );
    assert_eq!(
        file_id(&db),
        inode_before,
        "a 304 must not rebuild the database"
    );
    let after = sources(&db);
    assert!(after["Go"].2 > src["Go"].2, "checked_at advances on 304");

    // Go changes: only Go is downloaded again.
    let (go2, n_go2) = go_zip(true);
    server.put_zip("Go", go2, "\"go-2\"");
    let out = update(&db, &server, "PyPI,Go");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let log = server.take_log();
    let statuses: Vec<_> = log.iter().map(|r| (r.path.as_str(), r.status)).collect();
    assert_eq!(statuses, [("/PyPI/all.zip", 304), ("/Go/all.zip", 200)]);
    let src = sources(&db);
    assert_eq!(src["Go"].0 as usize, n_go2);
    assert_eq!(src["PyPI"].0 as usize, n_pypi);
    assert_eq!(hits(&db, "Go", "example.invalid/other"), ["BOSUN-GO-2"]);
}

#[test]
fn default_ecosystems_come_from_the_mirror() {
    let server = Server::start();
    server.put(
        "/ecosystems.txt",
        b"PyPI\nGo\n".to_vec(),
        "\"e\"",
        "text/plain",
        Mode::Normal,
    );
    server.put_record("P-1", "PyPI", "a", "1", "\"p\"");
    server.put_record("G-1", "Go", "b", "1", "\"g\"");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vulndb.sqlite");
    let out = bosun(
        &db,
        &["--quiet", "db", "update", "--base-url", &server.base],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let src = sources(&db);
    assert_eq!(src.len(), 2);
    assert_eq!(hits(&db, "Go", "b"), ["G-1"]);
}

/// Loads a good database, then serves `bad` for PyPI and checks that the
/// update fails with `expect` in its message while the old data stays.
fn failing_update_keeps_old_data(bad: Resource, expect: &str) {
    let server = Server::start();
    let (pypi, n) = pypi_zip();
    server.put_zip("PyPI", pypi, "\"good\"");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vulndb.sqlite");
    let out = update(&db, &server, "PyPI");
    assert!(out.status.success(), "{}", text(&out.stderr));

    server.put(
        "/PyPI/all.zip",
        bad.body,
        &bad.etag,
        &bad.content_type,
        bad.mode,
    );
    let out = update(&db, &server, "PyPI");
    assert_eq!(
        out.status.code(),
        Some(2),
        "stdout {} stderr {}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(all.contains(expect), "expected {expect:?} in:\n{all}");
    assert!(all.contains("PyPI"), "{all}");
    let src = sources(&db);
    assert_eq!(src["PyPI"].0 as usize, n);
    assert_eq!(
        src["PyPI"].1.as_deref(),
        Some("\"good\""),
        "metadata of the good download kept"
    );
    assert_eq!(hits(&db, "PyPI", "example-pkg"), ["BOSUN-PY-1"]);
    assert_no_leftovers(dir.path());
}

fn assert_no_leftovers(dir: &Path) {
    let names: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["vulndb.sqlite"], "temporary files left behind");
}

#[test]
fn corrupt_zip_is_refused() {
    let (mut body, _) = pypi_zip();
    // Damage record bytes in the middle: the entry's CRC-32 no longer matches.
    let mid = body.len() / 2;
    for b in &mut body[mid..mid + 64] {
        *b ^= 0x5A;
    }
    failing_update_keeps_old_data(
        Resource {
            body,
            etag: "\"corrupt\"".into(),
            content_type: "application/zip".into(),
            mode: Mode::Normal,
        },
        "damaged zip",
    );
}

#[test]
fn not_a_zip_is_refused() {
    failing_update_keeps_old_data(
        Resource {
            body: b"PK\x03\x04 but not really a zip".to_vec(),
            etag: "\"junk\"".into(),
            content_type: "application/octet-stream".into(),
            mode: Mode::Normal,
        },
        "damaged zip",
    );
}

#[test]
fn truncated_download_is_refused() {
    let (body, _) = pypi_zip();
    let half = body.len() / 2;
    failing_update_keeps_old_data(
        Resource {
            body,
            etag: "\"truncated\"".into(),
            content_type: "application/zip".into(),
            mode: Mode::Truncate(half),
        },
        "download",
    );
}

#[test]
fn wrong_content_type_is_refused() {
    failing_update_keeps_old_data(
        Resource {
            body: b"<html>Sign in to continue</html>".to_vec(),
            etag: "\"html\"".into(),
            content_type: "text/html; charset=utf-8".into(),
            mode: Mode::Normal,
        },
        "unexpected content type",
    );
}

#[test]
fn kill_9_during_update_leaves_old_database_usable() {
    let server = Server::start();
    server.put_record("OLD-1", "PyPI", "victim", "1.0", "\"old\"");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vulndb.sqlite");
    let out = update(&db, &server, "PyPI");
    assert!(out.status.success(), "{}", text(&out.stderr));

    // A new export that takes seconds to arrive.
    let (mut big, _) = pypi_zip();
    if big.len() < 256 << 10 {
        let files: Vec<_> = (0..2000)
            .map(|i| record(&format!("NEW-{i}"), "PyPI", "victim", "2.0"))
            .collect();
        big = zip_of(&files, zip::CompressionMethod::Stored);
    }
    server.put(
        "/PyPI/all.zip",
        big,
        "\"new\"",
        "application/zip",
        Mode::Slow,
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .arg("--db")
        .arg(&db)
        .args([
            "--quiet",
            "db",
            "update",
            "--base-url",
            &server.base,
            "--ecosystem",
            "PyPI",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn bosun");
    let start = Instant::now();
    while server.sent.load(Ordering::SeqCst) < 64 << 10 {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "download never started"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().expect("kill -9");
    child.wait().expect("reap");

    // The old database answers as before.
    assert_eq!(hits(&db, "PyPI", "victim"), ["OLD-1"]);
    assert_eq!(sources(&db)["PyPI"].1.as_deref(), Some("\"old\""));

    // The next update succeeds and sweeps the dead process's leftovers.
    server.put_record("NEW-1", "PyPI", "victim", "2.0", "\"newer\"");
    let out = update(&db, &server, "PyPI");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(hits(&db, "PyPI", "victim"), ["NEW-1"]);
    assert_no_leftovers(dir.path());
}

#[cfg(unix)]
fn file_id(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).expect("metadata").ino()
}

#[cfg(not(unix))]
fn file_id(p: &Path) -> u64 {
    std::fs::metadata(p).expect("metadata").len()
}

#[test]
fn unreachable_mirror_is_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("vulndb.sqlite");
    // A port nothing listens on: bind, note the port, close.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let out = bosun(
        &db,
        &[
            "--quiet",
            "db",
            "update",
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "-e",
            "PyPI",
            "--timeout",
            "5",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("PyPI"), "{}", text(&out.stderr));
    assert!(!db.exists(), "no database is created from nothing");
}
