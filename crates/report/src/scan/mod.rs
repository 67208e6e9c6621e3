//! Renderers for `bosun scan`, one module per format: a table for people,
//! the `bosun.scan/v1` JSON document, SARIF 2.1.0 for code scanning and
//! CycloneDX 1.6 with a `vulnerabilities` list.
//!
//! Suppressed findings (ignore file, VEX) stay in the data: JSON keeps
//! them with their `suppressed` record, SARIF marks them with
//! `suppressions`, CycloneDX with an `analysis`; the table only counts
//! them.

mod cyclonedx;
mod json;
mod sarif;
mod table;

use bosun_types::Sbom;

use crate::format::FormatInfo;
use bosun_types::{Finding, Report, Severity};

/// The formats `bosun scan --format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table sorted by severity, with summary counts.
    Table,
    /// The `bosun.scan/v1` JSON document ([`Report`] serialised).
    Json,
    /// SARIF 2.1.0, following GitHub code scanning's conventions.
    Sarif,
    /// CycloneDX 1.6 JSON: the components and their vulnerabilities.
    CycloneDxJson,
}

/// The registry of scan formats, in `--help` order.
pub const FORMATS: &[FormatInfo<Format>] = &[
    FormatInfo {
        name: "table",
        description: "A table sorted by severity, with summary counts",
        format: Format::Table,
    },
    FormatInfo {
        name: "json",
        description: "The `bosun.scan/v1` JSON document",
        format: Format::Json,
    },
    FormatInfo {
        name: "sarif",
        description: "SARIF 2.1.0 (GitHub code scanning)",
        format: Format::Sarif,
    },
    FormatInfo {
        name: "cyclonedx-json",
        description: "CycloneDX 1.6 JSON: the components and their vulnerabilities",
        format: Format::CycloneDxJson,
    },
];

impl Format {
    /// Looks a format up by its command-line name.
    pub fn from_name(name: &str) -> Option<Self> {
        crate::format::find(FORMATS, name)
    }
}

/// Rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's creation time, RFC 3339 UTC.
    pub created: String,
    /// ANSI colour in the table (only when writing to a terminal).
    pub color: bool,
}

/// Renders a scan `report` of `sbom` in `format`. The output ends with a
/// newline.
pub fn render(
    format: Format,
    report: &Report,
    sbom: &Sbom,
    opts: &Options,
) -> Result<String, crate::Error> {
    let mut s = match format {
        Format::Table => table::render(report, opts),
        Format::Json => json::render(report)?,
        Format::Sarif => sarif::render(report)?,
        Format::CycloneDxJson => cyclonedx::render(report, sbom, opts)?,
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// The findings in display order: most severe first, then by id and
/// package, so every format lists them the same way.
fn sorted(report: &Report) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = report.findings.iter().collect();
    v.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.package.name.cmp(&b.package.name))
            .then_with(|| a.package.version.cmp(&b.package.version))
    });
    v
}

/// The severity's name as users read it.
fn severity_name(s: Severity) -> &'static str {
    s.as_str()
}

#[cfg(test)]
pub(crate) mod fixtures {
    use bosun_types::LayerRef;
    use bosun_types::{
        DbInfo, DbSource, Evidence, ExpiredIgnore, Finding, FixStatus, PackageRef, Report,
        SCAN_SCHEMA, Score, Severity, Suppression, Unmatched,
    };

    fn layer(i: usize) -> LayerRef {
        LayerRef {
            index: i,
            digest: Some(format!("sha256:{}", format!("{i}").repeat(64))),
            diff_id: Some(format!("sha256:{}", format!("{}", i + 5).repeat(64))),
        }
    }

    fn ssl() -> PackageRef {
        PackageRef {
            name: "libssl3".into(),
            version: "3.0.11-1~deb12u2".into(),
            kind: "deb".into(),
            ecosystem: "Debian:12".into(),
            matched_name: "openssl".into(),
            purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl".into(),
            paths: vec!["/var/lib/dpkg/status".into()],
        }
    }

    fn zlib() -> PackageRef {
        PackageRef {
            name: "zlib1g".into(),
            version: "1:1.2.13.dfsg-1".into(),
            kind: "deb".into(),
            ecosystem: "Debian:12".into(),
            matched_name: "zlib".into(),
            purl: "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib"
                .into(),
            paths: vec!["/var/lib/dpkg/status".into()],
        }
    }

    /// A report over `crate::sbom::fixtures::sbom()`'s two packages.
    pub(crate) fn report() -> Report {
        let sbom = crate::sbom::fixtures::sbom();
        Report {
            schema: SCAN_SCHEMA.into(),
            tool_version: "0.1.0".into(),
            image: sbom.image.clone(),
            findings: vec![
                Finding {
                    id: "CVE-2023-5678".into(),
                    aliases: vec!["DSA-5532-1".into()],
                    advisories: vec!["DEBIAN-CVE-2023-5678".into()],
                    package: ssl(),
                    fixed_versions: vec!["3.0.13-1~deb12u1".into()],
                    status: FixStatus::Fixed,
                    severity: Severity::Medium,
                    score: Some(Score {
                        source: "cvss".into(),
                        cvss_version: Some("3.1".into()),
                        vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L".into()),
                        base_score: Some(5.3),
                    }),
                    scores: Vec::new(),
                    severity_rule: None,
                    kev: None,
                    epss: None,
                    distro_status: None,
                    will_not_fix: None,
                    summary: Some("Excessive time spent in DH check / generation with large Q parameter value".into()),
                    url: Some("https://security-tracker.debian.org/tracker/CVE-2023-5678".into()),
                    layer: Some(layer(0)),
                    created_by: Some("ADD file:0b1f in /".into()),
                    evidence: vec![Evidence {
                        advisory: "DEBIAN-CVE-2023-5678".into(),
                        affected: "Debian:12/openssl".into(),
                        range: "introduced 0, fixed 3.0.13-1~deb12u1".into(),
                        scheme: "dpkg".into(),
                        comparison: "3.0.11-1~deb12u2 < 3.0.13-1~deb12u1".into(),
                    }],
                    published: None,
                    fix_published: None,
                    suppressed: None,
                },
                Finding {
                    id: "CVE-2023-45853".into(),
                    aliases: vec![],
                    advisories: vec!["DEBIAN-CVE-2023-45853".into()],
                    package: zlib(),
                    fixed_versions: vec![],
                    status: FixStatus::Unfixed,
                    severity: Severity::Critical,
                    score: Some(Score {
                        source: "cvss".into(),
                        cvss_version: Some("3.1".into()),
                        vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H".into()),
                        base_score: Some(9.8),
                    }),
                    scores: Vec::new(),
                    severity_rule: None,
                    kev: None,
                    epss: None,
                    distro_status: None,
                    will_not_fix: None,
                    summary: Some("MiniZip in zlib through 1.3 has an integer overflow".into()),
                    url: Some("https://security-tracker.debian.org/tracker/CVE-2023-45853".into()),
                    layer: Some(layer(1)),
                    created_by: Some("RUN apt-get install -y zlib1g".into()),
                    evidence: vec![],
                    published: None,
                    fix_published: None,
                    suppressed: None,
                },
                Finding {
                    id: "CVE-2024-0727".into(),
                    aliases: vec!["GHSA-9v9h-cgj8-h64p".into()],
                    advisories: vec!["DEBIAN-CVE-2024-0727".into()],
                    package: ssl(),
                    fixed_versions: vec!["3.0.13-1~deb12u1".into()],
                    status: FixStatus::Fixed,
                    severity: Severity::Low,
                    score: Some(Score {
                        source: "Debian".into(),
                        cvss_version: None,
                        vector: None,
                        base_score: None,
                    }),
                    scores: Vec::new(),
                    severity_rule: None,
                    kev: None,
                    epss: None,
                    distro_status: None,
                    will_not_fix: None,
                    summary: None,
                    url: None,
                    layer: Some(layer(0)),
                    created_by: Some("ADD file:0b1f in /".into()),
                    evidence: vec![],
                    published: Some("2024-01-26".into()),
                    fix_published: Some("2024-01-31".into()),
                    suppressed: Some(Suppression {
                        kind: "vex".into(),
                        source: "app.openvex.json".into(),
                        status: "not_affected".into(),
                        justification: Some("vulnerable_code_not_in_execute_path".into()),
                        expires: None,
                    }),
                },
            ],
            unmatched: vec![Unmatched {
                package: zlib(),
                advisory: "DEBIAN-CVE-2099-0001".into(),
                reason: "unparsable version \"1:1.2.13.dfsg-1\" under dpkg".into(),
            }],
            distro: sbom.distro.clone(),
            layers: sbom.layers.clone(),
            packages_scanned: 2,
            db: Some(DbInfo {
                path: "/cache/bosun/vulndb.sqlite".into(),
                sources: vec![DbSource {
                    name: "Debian".into(),
                    fetched_at: 1_704_000_000,
                    checked_at: 1_704_100_000,
                    records: 41_000,
                }],
            }),
            expired_ignores: vec![ExpiredIgnore {
                source: ".bosunignore.yaml".into(),
                id: "CVE-2023-0464".into(),
                package: Some("libssl3".into()),
                path: None,
                reason: "waiting for the point release".into(),
                expires: "2023-12-31".into(),
            }],
            filtered: 1,
            secrets: vec![bosun_types::SecretFinding {
                rule: "aws-access-key-id".into(),
                title: "AWS access key ID".into(),
                severity: Severity::Critical,
                masked: "AKIA****************".into(),
                file: "/root/.aws/credentials".into(),
                line: 2,
                layer: Some(1),
                layer_digest: None,
                removed_in: Some(2),
                history: Some("COPY credentials /root/.aws/".into()),
                suppressed: None,
            }],
            config: vec![
                bosun_types::check::ConfigFinding {
                    code: "CIS-DI-0001".into(),
                    title: "Create a user for the container".into(),
                    severity: Severity::High,
                    message: "the image runs as root (no USER)".into(),
                    file: "config".into(),
                    layer: None,
                    layer_digest: None,
                    history: None,
                    suppressed: None,
                },
                bosun_types::check::ConfigFinding {
                    code: "CIS-DI-0008".into(),
                    title: "Confirm safety of setuid/setgid files".into(),
                    severity: Severity::Low,
                    message: "setuid file /usr/bin/su".into(),
                    file: "/usr/bin/su".into(),
                    layer: Some(0),
                    layer_digest: Some("sha256:aaaa".into()),
                    history: Some("ADD rootfs.tar.xz /".into()),
                    suppressed: None,
                },
                bosun_types::check::ConfigFinding {
                    code: "DKL-DI-0006".into(),
                    title: "Avoid latest tag".into(),
                    severity: Severity::Medium,
                    message: "base image pulled by latest".into(),
                    file: "config".into(),
                    layer: Some(1),
                    layer_digest: None,
                    history: Some("FROM debian:latest".into()),
                    suppressed: Some(Suppression {
                        kind: "ignore-file".into(),
                        source: ".bosunignore.yaml".into(),
                        status: "ignored".into(),
                        justification: Some("pinned by digest in CI".into()),
                        expires: None,
                    }),
                },
            ],
            efficiency: None,
        }
    }

    pub(crate) fn opts() -> super::Options {
        super::Options {
            created: "2024-01-02T03:04:05Z".into(),
            color: false,
        }
    }
}
