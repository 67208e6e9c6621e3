//! What the advisory store answers, as plain data, and the trait the
//! matcher queries it through ([`AdvisorySource`]), so that matching and
//! rendering depend on these types only, not on SQLite.

use std::path::PathBuf;

use serde::Serialize;

use crate::osv::{Advisory, Range, SeverityScore};

/// An advisory that affects a queried package, with the affected entries
/// that name it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdvisoryMatch {
    /// The advisory's header.
    pub advisory: AdvisorySummary,
    /// The entries of `affected` for the package, in record order.
    pub affected: Vec<AffectedEntry>,
}

/// The parts of an advisory a finding needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdvisorySummary {
    /// Its id.
    pub id: String,
    /// Its aliases (CVE ids, GHSA ids…).
    pub aliases: Vec<String>,
    /// Its summary line.
    pub summary: Option<String>,
    /// Last modification (RFC 3339, as published).
    pub modified: String,
    /// First publication.
    pub published: Option<String>,
    /// Advisory-level severity scores.
    pub severity: Vec<SeverityScore>,
    /// Advisory-level `database_specific`, as JSON text.
    pub database_specific: Option<String>,
}

/// One `affected` entry, pre-parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AffectedEntry {
    /// Full ecosystem string (`Debian:12`).
    pub ecosystem: String,
    /// Package name as the advisory spells it.
    pub name: String,
    /// Package URL, if given.
    pub purl: Option<String>,
    /// All ranges (ECOSYSTEM, SEMVER and GIT), events in record order.
    pub ranges: Vec<Range>,
    /// Explicitly listed affected versions.
    pub versions: VersionList,
    /// Per-package severity.
    pub severity: Vec<SeverityScore>,
    /// `ecosystem_specific`, as JSON text.
    pub ecosystem_specific: Option<String>,
    /// `database_specific`, as JSON text.
    pub database_specific: Option<String>,
}

/// The explicit `versions` of an affected entry, kept as the one string
/// the store holds (newline-separated): some entries list hundreds of
/// versions, and a query should not allocate each of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VersionList(String);

impl VersionList {
    /// The list from the store's newline-separated text.
    pub fn from_text(text: String) -> Self {
        Self(text)
    }

    /// The versions, in record order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|v| !v.is_empty())
    }

    /// Whether `version` is listed (exact string comparison).
    pub fn contains(&self, version: &str) -> bool {
        self.iter().any(|v| v == version)
    }

    /// Whether no version is listed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many versions are listed.
    pub fn len(&self) -> usize {
        self.iter().count()
    }
}

impl Serialize for VersionList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<'a> PartialEq<[&'a str]> for VersionList {
    fn eq(&self, other: &[&'a str]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

impl<'a, const N: usize> PartialEq<[&'a str; N]> for VersionList {
    fn eq(&self, other: &[&'a str; N]) -> bool {
        self.iter().eq(other.iter().copied())
    }
}

/// What the database knows about one source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    /// Its name: an ecosystem for OSV exports, a path for other imports.
    pub name: String,
    /// Where the data came from.
    pub url: String,
    /// The `ETag` of the last download.
    pub etag: Option<String>,
    /// The `Last-Modified` of the last download.
    pub last_modified: Option<String>,
    /// When its data was last loaded (Unix seconds).
    pub fetched_at: i64,
    /// When it was last confirmed current, by a download or a `304`.
    pub checked_at: i64,
    /// Size of the downloaded or imported file.
    pub bytes: Option<i64>,
    /// SHA-256 of that file.
    pub sha256: Option<String>,
    /// Records read.
    pub records: i64,
    /// Records refused as malformed.
    pub malformed: i64,
    /// `affected` entries set aside from kept records, per reason key
    /// (`no-package`, `no-ecosystem`, `no-name`).
    pub skipped: std::collections::BTreeMap<String, i64>,
}

/// A summary of the whole database, for `db status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DbStatus {
    /// The file.
    pub path: PathBuf,
    /// Its schema version.
    pub schema_version: i32,
    /// Its size in bytes.
    pub file_bytes: u64,
    /// Advisories stored (withdrawn included).
    pub advisories: i64,
    /// Of which withdrawn.
    pub withdrawn: i64,
    /// The sources, by name.
    pub sources: Vec<SourceStatus>,
    /// Advisories per base ecosystem.
    pub ecosystems: Vec<EcosystemCount>,
    /// The enrichment sources (NVD, CVE List, KEV, EPSS, distro trackers).
    pub enrichment: Vec<EnrichmentStatus>,
}

/// One enrichment source of the database, for `db status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnrichmentStatus {
    /// `nvd`, `cve5`, `kev`, `epss` or `debian-tracker`.
    pub name: String,
    /// The last file or directory imported.
    pub url: String,
    /// When it was last imported (Unix seconds).
    pub fetched_at: i64,
    /// The data's own date (KEV catalog release, EPSS score date), if it
    /// gives one.
    pub data_date: Option<String>,
    /// Records held (CVEs, catalog entries, tracker entries).
    pub records: i64,
    /// Scores held (NVD and CVE List metrics); otherwise as `records`.
    pub items: i64,
    /// Records refused as malformed by the last import.
    pub malformed: i64,
}

/// How many advisories name packages of one base ecosystem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EcosystemCount {
    /// The base ecosystem (`Debian`, `PyPI`).
    pub ecosystem: String,
    /// Advisories with at least one affected package in it.
    pub advisories: i64,
}

impl DbStatus {
    /// The time of the oldest source check: the age of the data.
    pub fn checked_at(&self) -> Option<i64> {
        self.sources.iter().map(|s| s.checked_at).min()
    }

    /// Seconds since the data was last confirmed current, if it ever was.
    pub fn age_secs(&self, now: i64) -> Option<i64> {
        self.checked_at().map(|t| now - t)
    }
}

/// The error an [`AdvisorySource`] reports, boxed so that the matcher does
/// not need to know the store behind it.
pub type SourceError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What the matcher and `explain` ask of an advisory store. `bosun-vulndb`
/// implements it for its SQLite store; tests and a long-running service
/// can implement it over anything that holds OSV records.
pub trait AdvisorySource {
    /// Advisories naming the package `name` of `ecosystem` (full or base
    /// form), with the affected entries that name it.
    fn advisories_for(
        &self,
        ecosystem: &str,
        name: &str,
    ) -> Result<Vec<AdvisoryMatch>, SourceError>;

    /// [`AdvisorySource::advisories_for`] for many packages, answers in
    /// query order.
    fn advisories_for_many(
        &self,
        queries: &[(&str, &str)],
    ) -> Result<Vec<Vec<AdvisoryMatch>>, SourceError>;

    /// The full record with this id.
    fn advisory(&self, id: &str) -> Result<Option<Advisory>, SourceError>;

    /// The ids of the records with this id or alias.
    fn resolve_id(&self, alias_or_id: &str) -> Result<Vec<String>, SourceError>;

    /// The records of `ids` (aliases, references…), in order; `None` for
    /// an id the store does not hold.
    fn advisory_links(&self, ids: &[&str]) -> Result<Vec<Option<Advisory>>, SourceError>;

    /// Where the data came from, for the report header.
    fn db_info(&self) -> Result<crate::finding::DbInfo, SourceError>;

    /// What the enrichment sources know about each of `ids` (CVE ids;
    /// others have nothing), in order. A store without enrichment answers
    /// nothing for each.
    fn enrichment(&self, ids: &[&str]) -> Result<Vec<crate::enrich::Enrichment>, SourceError> {
        Ok(vec![crate::enrich::Enrichment::default(); ids.len()])
    }
}
