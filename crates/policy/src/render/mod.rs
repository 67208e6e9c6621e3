//! How a verdict is written: one file per format, registered once in
//! [`VERDICT_FORMATS`], which the command line parses `--format` from and
//! lists in `--help`.

mod junit;
mod sarif;
mod table;

use bosun_report::FormatInfo;

use crate::verdict::Verdict;

/// A verdict format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerdictFormat {
    /// One line per rule, then the decision.
    Table,
    /// `bosun.verdict/v1` (schema/bosun.verdict.v1.json).
    Json,
    /// SARIF 2.1.0, one result per piece of evidence (code scanning).
    Sarif,
    /// JUnit XML, one test case per rule (CI test reports).
    Junit,
}

/// Every verdict format.
pub const VERDICT_FORMATS: &[FormatInfo<VerdictFormat>] = &[
    FormatInfo {
        name: "table",
        description: "one line per rule (rule, action, status, count, worst evidence), then the verdict",
        format: VerdictFormat::Table,
    },
    FormatInfo {
        name: "json",
        description: "bosun.verdict/v1: every rule's evidence, the image and policy digests, the database's age",
        format: VerdictFormat::Json,
    },
    FormatInfo {
        name: "sarif",
        description: "SARIF 2.1.0: one result per piece of evidence of a failing rule",
        format: VerdictFormat::Sarif,
    },
    FormatInfo {
        name: "junit",
        description: "JUnit XML: one test case per rule and platform",
        format: VerdictFormat::Junit,
    },
];

/// Writes `verdict` as `format`.
pub fn render(verdict: &Verdict, format: VerdictFormat) -> String {
    match format {
        VerdictFormat::Table => table::render(verdict),
        VerdictFormat::Json => json(&serde_json::to_value(verdict).unwrap_or_default()),
        VerdictFormat::Sarif => json(&sarif::render(verdict)),
        VerdictFormat::Junit => junit::render(verdict),
    }
}

fn json(v: &serde_json::Value) -> String {
    // Serialising a Value cannot fail; pretty output ends with a newline.
    serde_json::to_string_pretty(v).unwrap_or_default() + "\n"
}

/// The word a verdict prints for its decision.
fn decision_word(v: &Verdict) -> &'static str {
    use crate::verdict::Decision;
    match v.verdict {
        Decision::Go => "go",
        Decision::Warn if v.strict => "warn (fails: --strict)",
        Decision::Warn => "warn",
        Decision::Stop => "stop",
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A verdict over two platforms with every status, for snapshots.

    use crate::file::Action;
    use crate::verdict::*;

    pub(crate) fn verdict() -> Verdict {
        let ev = |s: &str| Evidence {
            subject: s.to_owned(),
            vulnerability: Some("CVE-2023-45853".into()),
            package: Some("zlib1g".into()),
            version: Some("1:1.2.13.dfsg-1".into()),
            purl: Some("pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?distro=debian-12".into()),
            path: Some("/var/lib/dpkg/status".into()),
            severity: Some("critical".into()),
            layer: Some(0),
            rank: 9.8,
            ..Evidence::default()
        };
        let rule =
            |id: &str, kind: &'static str, action, status, evidence: Vec<Evidence>| RuleResult {
                id: id.into(),
                kind,
                action,
                message: format!("message of {id} <&>"),
                status,
                note: (status == Status::Skipped).then(|| "no Dockerfile given".into()),
                count: evidence.len(),
                evidence,
                allowed: Vec::new(),
            };
        let platform = |p: &str, verdict, root: bool| PlatformVerdict {
            image: ImageId {
                reference: "registry.example.com/team/app:1.0".into(),
                digest: Some(format!("sha256:{}", (p.len() % 10).to_string().repeat(64))),
                platform: Some(p.into()),
            },
            verdict,
            base: root.then(|| crate::subject::BaseImage {
                reference: "docker.io/library/debian:12".into(),
                digest: Some(format!("sha256:{}", "b".repeat(64))),
                found_by: "layers".into(),
            }),
            base_layers: root.then_some(1),
            rules: vec![
                rule(
                    "no-root",
                    "config",
                    Action::Stop,
                    if root { Status::Fail } else { Status::Pass },
                    if root {
                        vec![Evidence {
                            subject: "runs as root (USER is not set)".into(),
                            rank: 50.0,
                            ..Evidence::default()
                        }]
                    } else {
                        Vec::new()
                    },
                ),
                rule(
                    "fixable-critical",
                    "vulnerabilities",
                    Action::Warn,
                    Status::Fail,
                    vec![ev("CVE-2023-45853 in zlib1g 1:1.2.13.dfsg-1 (critical)")],
                ),
                rule(
                    "lint",
                    "dockerfile",
                    Action::Stop,
                    Status::Skipped,
                    Vec::new(),
                ),
            ],
            expired_allowlist: Vec::new(),
        };
        Verdict {
            schema: VERDICT_SCHEMA,
            verdict: Decision::Stop,
            strict: false,
            reference: "registry.example.com/team/app:1.0".into(),
            index_digest: Some(format!("sha256:{}", "f".repeat(64))),
            policy: PolicyId {
                file: "strict.yaml".into(),
                sha256: "0".repeat(64),
                name: "production".into(),
                mapping: None,
            },
            database: None,
            bosun_version: "0.0.0-test".into(),
            time: "2026-12-04T00:00:00Z".into(),
            platforms: vec![
                platform("linux/amd64", Decision::Warn, false),
                platform("linux/arm64/v8", Decision::Stop, true),
            ],
        }
    }
}
