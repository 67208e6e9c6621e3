//! The finding model every output format renders (the `bosun.scan/v1`
//! JSON shape is these types serialised).

use std::fmt;
use std::str::FromStr;

use crate::distro::Distro;
use crate::enrich::{CvssScore, DistroStatus, Epss, Kev, Origin};
use crate::package::LayerRef;
use crate::sbom::{ImageInfo, LayerInfo};
use serde::{Deserialize, Serialize};

/// The JSON schema name of [`Report`].
pub const SCAN_SCHEMA: &str = "bosun.scan/v1";

/// How severe a finding is. Ordered, `Unknown` lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// No rating and no usable CVSS vector.
    Unknown,
    /// A distro's "negligible"/"unimportant" rating.
    Negligible,
    /// Low.
    Low,
    /// Medium (moderate).
    Medium,
    /// High (important).
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 6] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Negligible,
        Severity::Unknown,
    ];

    /// Its place in the order, 0 (`Unknown`) to 5 (`Critical`), for
    /// ranking alongside numbers.
    pub fn rank(self) -> u8 {
        self as u8
    }

    /// The upper-case name (`CRITICAL`), as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Unknown => "UNKNOWN",
            Severity::Negligible => "NEGLIGIBLE",
            Severity::Low => "LOW",
            Severity::Medium => "MEDIUM",
            Severity::High => "HIGH",
            Severity::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A severity name that no rating scale bosun knows uses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown severity {0:?} (expected critical, high, medium, low, negligible or unknown)")]
pub struct UnknownSeverity(pub String);

impl FromStr for Severity {
    type Err = UnknownSeverity;

    /// Case-insensitive; accepts the synonyms advisory sources use:
    /// `moderate` (GHSA) is medium, `important` (Red Hat) is high,
    /// `unimportant` (Debian) is negligible, `none` is negligible.
    fn from_str(s: &str) -> Result<Self, UnknownSeverity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "critical" => Ok(Severity::Critical),
            "high" | "important" => Ok(Severity::High),
            "medium" | "moderate" => Ok(Severity::Medium),
            "low" => Ok(Severity::Low),
            "negligible" | "unimportant" | "none" => Ok(Severity::Negligible),
            "unknown" => Ok(Severity::Unknown),
            _ => Err(UnknownSeverity(s.to_owned())),
        }
    }
}

/// Whether a fix exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixStatus {
    /// A fixed version is known (see [`Finding::fixed_versions`]).
    Fixed,
    /// No fixed version is published.
    Unfixed,
}

/// A score and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Score {
    /// Who rated it: the advisory database or distro (`Debian`, `GHSA`,
    /// `PyPI`…), or `cvss` when computed from a vector.
    pub source: String,
    /// `2.0`, `3.0`, `3.1` or `4.0` when a CVSS vector gave the score.
    pub cvss_version: Option<String>,
    /// The CVSS vector, as published.
    pub vector: Option<String>,
    /// The CVSS base score.
    pub base_score: Option<f64>,
}

/// The package a finding is about (a slim copy of the catalog's package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageRef {
    /// Its name as installed.
    pub name: String,
    /// The installed version.
    pub version: String,
    /// The package type (`deb`, `pypi`, `npm`…).
    #[serde(rename = "type")]
    pub kind: String,
    /// The OSV ecosystem it was matched in.
    pub ecosystem: String,
    /// The name it was matched by (source package, normalised name…).
    pub matched_name: String,
    /// Its PURL (also the CycloneDX `bom-ref`).
    pub purl: String,
    /// Where it was found (database or manifest paths).
    pub paths: Vec<String>,
}

/// Why a version range made (or did not make) the finding: the data
/// `bosun explain` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// The advisory record.
    pub advisory: String,
    /// The ecosystem and name of its `affected` entry.
    pub affected: String,
    /// The range as written (`introduced 0, fixed 1.2.3`), or `versions list`.
    pub range: String,
    /// The version scheme that compared (`dpkg`, `pep440`…).
    pub scheme: String,
    /// The comparison that decided (`1.2.0 >= 0`, `1.2.0 < 1.2.3`).
    pub comparison: String,
}

/// A suppression (ignore file or VEX) that applied to a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suppression {
    /// `ignore-file` or `vex`.
    pub kind: String,
    /// The file it came from.
    pub source: String,
    /// The VEX status (`not_affected`, `fixed`) or `ignored`.
    pub status: String,
    /// The reason or VEX justification.
    pub justification: Option<String>,
    /// The entry's expiry (RFC 3339 date), if any.
    pub expires: Option<String>,
}

/// One vulnerability in one package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The id shown first: the CVE when one of the ids is a CVE, else the
    /// first advisory id.
    pub id: String,
    /// Every other id of the merged records and their aliases, sorted.
    pub aliases: Vec<String>,
    /// The advisory records that matched (merged through aliases/upstream).
    pub advisories: Vec<String>,
    /// The package.
    pub package: PackageRef,
    /// Fixed versions, ascending.
    pub fixed_versions: Vec<String>,
    /// Fixed or unfixed.
    pub status: FixStatus,
    /// The severity.
    pub severity: Severity,
    /// The score behind the severity, with its source.
    pub score: Option<Score>,
    /// Every CVSS score known for the finding's ids and aliases: the
    /// advisory records' own vectors and the NVD, CNA and ADP scores of
    /// the database's enrichment sources, in severity-precedence order.
    #[serde(default)]
    pub scores: Vec<CvssScore>,
    /// Which step of the severity precedence chose [`Finding::severity`]
    /// (`distro`, `advisory`, `cna`, `adp`, `nvd`); `None` when no source
    /// rated it.
    #[serde(default)]
    pub severity_rule: Option<Origin>,
    /// The CISA KEV entry of one of its CVEs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kev: Option<Kev>,
    /// The highest EPSS score among its CVEs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epss: Option<Epss>,
    /// The distribution tracker's entry for this package and release.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distro_status: Option<DistroStatus>,
    /// Why the distribution will not fix it in this release (`no-dsa`,
    /// `ignored`, `postponed`, `unimportant`, `end-of-life`), from
    /// [`DistroStatus::will_not_fix`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub will_not_fix: Option<String>,
    /// One-line summary.
    pub summary: Option<String>,
    /// The advisory URL.
    pub url: Option<String>,
    /// The layer that introduced the package.
    pub layer: Option<LayerRef>,
    /// That layer's history step (the Dockerfile instruction), masked.
    pub created_by: Option<String>,
    /// What made the match.
    pub evidence: Vec<Evidence>,
    /// When the vulnerability was first published: the earliest
    /// `published` date of the matched records (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Since when a fix has been known: the earliest `published` date of
    /// the matched records that name a fixed version for this package
    /// (`YYYY-MM-DD`). A distro advisory (DSA, DLA, USN…) is published
    /// with its fix, so this is the fix's release for distro packages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix_published: Option<String>,
    /// Set when an ignore entry or a VEX statement suppresses it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
}

/// A package whose version could not be compared: reported, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    /// The package.
    pub package: PackageRef,
    /// The advisory whose ranges could not be evaluated.
    pub advisory: String,
    /// What failed to parse.
    pub reason: String,
}

/// An ignore-file entry whose expiry date has passed: it no longer
/// suppresses anything, and the report says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExpiredIgnore {
    /// The ignore file.
    pub source: String,
    /// The entry's vulnerability id.
    pub id: String,
    /// The entry's package, if it named one.
    pub package: Option<String>,
    /// The entry's path, if it named one.
    pub path: Option<String>,
    /// The entry's reason.
    pub reason: String,
    /// When it expired (`YYYY-MM-DD`).
    pub expires: String,
}

/// The vulnerability database a report was made with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInfo {
    /// The database file.
    pub path: String,
    /// The sources it holds, by name.
    pub sources: Vec<DbSource>,
}

/// One source of the database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbSource {
    /// Its name (an ecosystem for OSV exports, a path for imports).
    pub name: String,
    /// When its data was last loaded (Unix seconds).
    pub fetched_at: i64,
    /// When it was last confirmed current (Unix seconds).
    pub checked_at: i64,
    /// Records read.
    pub records: i64,
}

/// The result of a scan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Always [`SCAN_SCHEMA`].
    pub schema: String,
    /// bosun's version.
    pub tool_version: String,
    /// What was scanned.
    pub image: ImageInfo,
    /// Findings, most severe first.
    pub findings: Vec<Finding>,
    /// Packages that could not be evaluated against an advisory.
    pub unmatched: Vec<Unmatched>,
    /// The distribution, when the SBOM names one.
    #[serde(default)]
    pub distro: Option<Distro>,
    /// The image's layers and their history steps, bottom first.
    #[serde(default)]
    pub layers: Vec<LayerInfo>,
    /// How many packages were checked.
    #[serde(default)]
    pub packages_scanned: usize,
    /// The database used.
    #[serde(default)]
    pub db: Option<DbInfo>,
    /// Ignore entries that have expired (they suppressed nothing).
    #[serde(default)]
    pub expired_ignores: Vec<ExpiredIgnore>,
    /// How many findings [`crate::filter::Filter::apply`] removed.
    #[serde(default)]
    pub filtered: usize,
    /// Secrets found (`--scanners secret`); absent from documents of scans
    /// that did not look.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub secrets: Vec<crate::secret::SecretFinding>,
    /// Failed image configuration and efficiency checks (`--scanners
    /// config,efficiency`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<crate::check::ConfigFinding>,
    /// The image's space efficiency (`--scanners efficiency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub efficiency: Option<crate::check::Efficiency>,
}
