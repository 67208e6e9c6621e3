//! Validates bosun's SARIF against the SARIF 2.1.0 JSON schema with
//! `check-jsonschema` (PyPI). The schema is committed in `tests/data`.

#![allow(clippy::unwrap_used, clippy::print_stderr)] // test helpers

use std::process::Command;

use bosun_dockerfile::LintConfig;
use bosun_report::lint::{Format, Options, render};

#[test]
fn sarif_output_validates_against_schema() {
    let Some(check_jsonschema) = bosun_testkit::require_tool("check-jsonschema") else {
        return;
    };
    let text = "FROM debian\nMAINTAINER me\nRUN cd /x && apt-get install curl\nWORKDIR rel\nCMD run\nFROM\n";
    let mut findings =
        bosun_dockerfile::lint("dir with space/Dockerfile", text, &LintConfig::default());
    findings.extend(bosun_dockerfile::lint(
        "broken.Dockerfile",
        "FROM a\nCMD [\"x\", 1]\n",
        &LintConfig::default(),
    ));
    assert!(findings.len() > 5);
    let dir = std::env::temp_dir().join(format!("bosun-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("out.sarif");
    let opts = Options {
        rules: Some(bosun_dockerfile::rules::info),
        ..Options::default()
    };
    std::fs::write(&out, render(Format::Sarif, &findings, opts).unwrap()).unwrap();
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/sarif-2.1.0-rtm.5.json"
    );
    // The published schema has one pattern (`toolComponent.language`) that
    // only Python's regex dialect accepts.
    let r = Command::new(check_jsonschema)
        .args(["--regex-variant", "python", "--schemafile"])
        .arg(schema)
        .arg(&out)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        r.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&r.stdout),
        String::from_utf8_lossy(&r.stderr)
    );
}
