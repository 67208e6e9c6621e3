//! `bosun debug compare`: one pair, `--stdin` batches, errors and exit
//! statuses, through the real binary.

#![allow(clippy::expect_used)] // test helpers

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bosun(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bosun runs");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or("").as_bytes())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("bosun finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn single_pairs_print_the_order() {
    for (eco, a, b, want) in [
        ("Debian:12", "1.0~rc1-1", "1.0-1", "<\n"),
        ("Ubuntu:22.04:LTS", "1:0.9", "2.0", ">\n"),
        ("PyPI", "1.0", "1.0.0", "=\n"),
        ("npm", "1.0.0-beta", "1.0.0", "<\n"),
        ("Alpine:v3.20", "1.2.3_rc1-r0", "1.2.3-r0", "<\n"),
        ("Red Hat", "1:1.0-1.el8", "2.0-1.el8", ">\n"),
        ("Maven", "1.0-SNAPSHOT", "1.0", "<\n"),
        ("RubyGems", "1.0.a", "1.0", "<\n"),
        ("Go", "v1.2.3", "1.2.3+incompatible", "=\n"),
        ("crates.io", "0.10.0", "0.9.9", ">\n"),
    ] {
        let out = bosun(&["debug", "compare", eco, a, b], None);
        assert_eq!(out.status.code(), Some(0), "{eco} {a} {b}: {out:?}");
        assert_eq!(stdout(&out), want, "{eco} {a} {b}");
    }
}

#[test]
fn a_version_that_does_not_parse_is_an_error() {
    let out = bosun(&["debug", "compare", "npm", "1.0", "1.0.0"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("npm") && err.contains("\"1.0\""), "{err}");
}

#[test]
fn unknown_ecosystems_say_they_guess() {
    let out = bosun(&["debug", "compare", "SomethingNew", "1.10", "1.9"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), ">\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("guess"));
}

#[test]
fn stdin_answers_every_line_and_fails_at_the_end() {
    let input = "1.0 2.0\n2.0 1.0\nnot-a-version 1.0\n1.0.0 1.0\n\n1.0a1 1.0rc1\n";
    let out = bosun(&["debug", "compare", "PyPI", "--stdin"], Some(input));
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn stdin_without_errors_succeeds() {
    let input: String = (0..1000)
        .map(|i| format!("1.{i} 1.{}\n", 1000 - i))
        .collect();
    let out = bosun(&["debug", "compare", "Debian", "--stdin"], Some(&input));
    assert_eq!(out.status.code(), Some(0));
    let lines: Vec<String> = stdout(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 1000);
    assert_eq!(lines[0], "<");
    assert_eq!(lines[500], "=");
    assert_eq!(lines[999], ">");
}

#[test]
fn usage_errors() {
    let out = bosun(&["debug", "compare", "npm", "1.0.0"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = bosun(
        &["debug", "compare", "npm", "1.0.0", "2.0.0", "--stdin"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
}
