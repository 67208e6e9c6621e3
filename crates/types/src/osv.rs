//! The OSV record model (schema 1.6 and later), as serde types.
//!
//! Written for bosun rather than taken from the `osv` crate: ecosystems are
//! free strings (OSV adds new ones often, and one unknown name must not fail
//! a record), unknown fields are ignored, and every list may be absent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One OSV advisory, as published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Advisory {
    /// `schema_version`, when the record states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    /// The advisory's identifier (`GHSA-…`, `PYSEC-…`, `DSA-…`).
    pub id: String,
    /// RFC 3339 time of the last change.
    pub modified: String,
    /// RFC 3339 time of first publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// RFC 3339 time of withdrawal; a withdrawn advisory never matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Other identifiers for the same vulnerability.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Identifiers of related but distinct vulnerabilities.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Identifiers this record is derived from (schema 1.7 `upstream`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub upstream: Vec<String>,
    /// One-line summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Full description (CommonMark).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Severity scores for the whole advisory.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityScore>,
    /// The affected packages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<Affected>,
    /// Links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Source-specific data for the whole record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

/// One `severity` entry: a scoring system and its vector or value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityScore {
    /// `CVSS_V2`, `CVSS_V3`, `CVSS_V4`, `Ubuntu`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The vector string or value.
    pub score: String,
}

/// One `affected` entry: a package and the versions of it that are affected.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Affected {
    /// The package; absent in records that only name git commits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<Package>,
    /// Per-package severity (schema 1.6).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub severity: Vec<SeverityScore>,
    /// Version ranges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    /// Explicitly listed affected versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Ecosystem-defined data (Go symbols, Debian urgency, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem_specific: Option<Value>,
    /// Source-defined data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

/// An affected package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Package {
    /// OSV ecosystem string, e.g. `PyPI`, `Debian:12`, `Alpine:v3.20`.
    pub ecosystem: String,
    /// Package name as the ecosystem spells it.
    pub name: String,
    /// Package URL, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

/// A range of affected versions: an ordered list of events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    /// `ECOSYSTEM`, `SEMVER` or `GIT` (others are kept as given).
    #[serde(rename = "type")]
    pub kind: RangeKind,
    /// The repository, for `GIT` ranges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// The events, in the order the record gives them.
    #[serde(default)]
    pub events: Vec<Event>,
}

/// The type of a range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum RangeKind {
    /// Versions compared with the ecosystem's own rules.
    Ecosystem,
    /// Semantic Versioning 2.0 comparison.
    Semver,
    /// Git commits (not used for package matching).
    Git,
    /// A type this version of bosun does not know.
    Other(String),
}

impl From<String> for RangeKind {
    fn from(s: String) -> Self {
        match s.as_str() {
            "ECOSYSTEM" => Self::Ecosystem,
            "SEMVER" => Self::Semver,
            "GIT" => Self::Git,
            _ => Self::Other(s),
        }
    }
}

impl From<RangeKind> for String {
    fn from(k: RangeKind) -> Self {
        k.as_str().to_owned()
    }
}

impl RangeKind {
    /// The name OSV uses.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Ecosystem => "ECOSYSTEM",
            Self::Semver => "SEMVER",
            Self::Git => "GIT",
            Self::Other(s) => s,
        }
    }

    /// Whether package matching uses ranges of this type.
    pub fn is_version_range(&self) -> bool {
        matches!(self, Self::Ecosystem | Self::Semver)
    }
}

/// One event of a range. OSV writes each as an object with exactly one key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawEvent", into = "RawEvent")]
pub enum Event {
    /// Affected from this version on (`"0"` means from the beginning).
    Introduced(String),
    /// Not affected from this version on.
    Fixed(String),
    /// Affected up to and including this version.
    LastAffected(String),
    /// Upper bound of the range (exclusive), used with git ranges.
    Limit(String),
}

impl Event {
    /// The event's version (or commit).
    pub fn version(&self) -> &str {
        match self {
            Self::Introduced(v) | Self::Fixed(v) | Self::LastAffected(v) | Self::Limit(v) => v,
        }
    }

    /// The event's OSV key.
    pub fn key(&self) -> &'static str {
        match self {
            Self::Introduced(_) => "introduced",
            Self::Fixed(_) => "fixed",
            Self::LastAffected(_) => "last_affected",
            Self::Limit(_) => "limit",
        }
    }
}

#[derive(Serialize, Deserialize)]
struct RawEvent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    introduced: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fixed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_affected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    limit: Option<String>,
}

impl TryFrom<RawEvent> for Event {
    type Error = String;

    fn try_from(r: RawEvent) -> Result<Self, String> {
        match (r.introduced, r.fixed, r.last_affected, r.limit) {
            (Some(v), None, None, None) => Ok(Self::Introduced(v)),
            (None, Some(v), None, None) => Ok(Self::Fixed(v)),
            (None, None, Some(v), None) => Ok(Self::LastAffected(v)),
            (None, None, None, Some(v)) => Ok(Self::Limit(v)),
            _ => Err(
                "a range event must have exactly one of introduced, fixed, last_affected, limit"
                    .to_owned(),
            ),
        }
    }
}

impl From<Event> for RawEvent {
    fn from(e: Event) -> Self {
        let mut r = Self {
            introduced: None,
            fixed: None,
            last_affected: None,
            limit: None,
        };
        match e {
            Event::Introduced(v) => r.introduced = Some(v),
            Event::Fixed(v) => r.fixed = Some(v),
            Event::LastAffected(v) => r.last_affected = Some(v),
            Event::Limit(v) => r.limit = Some(v),
        }
        r
    }
}

/// A link from an advisory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// `ADVISORY`, `FIX`, `WEB`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// The address.
    pub url: String,
}

impl Advisory {
    /// Parses one record from JSON and checks what the store relies on.
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        let adv: Self = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        adv.validate()?;
        Ok(adv)
    }

    /// What makes a record unusable rather than merely odd: no id, or an
    /// affected package without a name or ecosystem. A missing `modified`
    /// is tolerated (some feeds omit it) and sorts as oldest.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("missing id".to_owned());
        }
        for (i, a) in self.affected.iter().enumerate() {
            if let Some(p) = &a.package {
                if p.ecosystem.trim().is_empty() {
                    return Err(format!("affected[{i}].package has no ecosystem"));
                }
                if p.name.trim().is_empty() && p.purl.is_none() {
                    return Err(format!("affected[{i}].package has no name"));
                }
            }
        }
        Ok(())
    }

    /// Whether the record is withdrawn and so excluded from matching.
    pub fn is_withdrawn(&self) -> bool {
        self.withdrawn
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_minimal_record_and_tolerates_unknown_fields() {
        let a = Advisory::from_json(
            br#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","future_field":{"a":1},
                "affected":[{"package":{"ecosystem":"NewEco:1","name":"p"},
                "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"1.2"}]},
                          {"type":"WEIRD","events":[{"limit":"x"}]}]}]}"#,
        )
        .unwrap();
        assert_eq!(a.affected[0].ranges[0].kind, RangeKind::Ecosystem);
        assert_eq!(
            a.affected[0].ranges[0].events,
            vec![Event::Introduced("0".into()), Event::Fixed("1.2".into())]
        );
        assert_eq!(
            a.affected[0].ranges[1].kind,
            RangeKind::Other("WEIRD".into())
        );
    }

    #[test]
    fn rejects_event_with_two_keys() {
        let e = Advisory::from_json(
            br#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p"},
                "ranges":[{"type":"SEMVER","events":[{"introduced":"0","fixed":"1"}]}]}]}"#,
        )
        .unwrap_err();
        assert!(e.contains("exactly one"), "{e}");
    }

    #[test]
    fn rejects_missing_id() {
        assert!(Advisory::from_json(br#"{"modified":"2024-01-01T00:00:00Z"}"#).is_err());
        assert!(Advisory::from_json(b"[1,2]").is_err());
    }

    #[test]
    fn round_trips_events() {
        let r = Range {
            kind: RangeKind::Semver,
            repo: None,
            events: vec![
                Event::Introduced("1.0.0".into()),
                Event::LastAffected("1.2.0".into()),
            ],
        };
        let s = serde_json::to_string(&r).unwrap();
        assert_eq!(
            s,
            r#"{"type":"SEMVER","events":[{"introduced":"1.0.0"},{"last_affected":"1.2.0"}]}"#
        );
        assert_eq!(serde_json::from_str::<Range>(&s).unwrap(), r);
    }
}
