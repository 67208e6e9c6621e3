//! GitLab code quality report: a JSON list of issues with a stable
//! fingerprint so GitLab can track them across pipelines.

use bosun_types::lint::{Finding, Severity};
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info | Severity::Style | Severity::Ignore => "info",
    }
}

pub(super) fn render(findings: &[Finding]) -> String {
    let issues: Vec<Issue<'_>> = findings
        .iter()
        .map(|f| {
            let mut h = Sha256::new();
            h.update(format!("{}\0{}\0{}\0{}", f.file, f.line, f.code, f.message));
            let fingerprint = h
                .finalize()
                .iter()
                .take(16)
                .map(|b| format!("{b:02x}"))
                .collect();
            Issue {
                description: format!("{}: {}", f.code, f.message),
                check_name: &f.code,
                fingerprint,
                severity: severity(f.severity),
                location: IssueLocation {
                    path: &f.file,
                    lines: Lines { begin: f.line },
                },
            }
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value =
            serde_json::from_str(&super::render(&crate::lint::fixtures::findings())).unwrap();
        insta::assert_json_snapshot!(v);
    }
}
