//! The OSV record model (schema 1.6 and later), as serde types.
//!
//! Written for bosun rather than taken from the `osv` crate: ecosystems are
//! free strings (OSV adds new ones often, and one unknown name must not fail
//! a record), unknown fields are ignored, and every list may be absent.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A field given as `null` reads as its default (empty list, empty
/// string): generators that serialise an empty list as `null` are common
/// enough that one such field must not cost the record.
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Option::unwrap_or_default)
}

/// One OSV advisory, as published.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Advisory {
    /// `schema_version`, when the record states one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schema_version: Option<String>,
    /// The advisory's identifier (`GHSA-…`, `PYSEC-…`, `DSA-…`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// RFC 3339 time of the last change.
    #[serde(default, deserialize_with = "null_as_default")]
    pub modified: String,
    /// RFC 3339 time of first publication.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// RFC 3339 time of withdrawal; a withdrawn advisory never matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawn: Option<String>,
    /// Other identifiers for the same vulnerability.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub aliases: Vec<String>,
    /// Identifiers of related but distinct vulnerabilities.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub related: Vec<String>,
    /// Identifiers this record is derived from (schema 1.7 `upstream`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub upstream: Vec<String>,
    /// One-line summary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Full description (CommonMark).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// Severity scores for the whole advisory.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub severity: Vec<SeverityScore>,
    /// The affected packages.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub affected: Vec<Affected>,
    /// Links.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
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
    #[serde(default, deserialize_with = "null_as_default")]
    pub kind: String,
    /// The vector string or value.
    #[serde(default, deserialize_with = "null_as_default")]
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
    #[serde(default, deserialize_with = "null_as_default")]
    pub severity: Vec<SeverityScore>,
    /// Version ranges.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub ranges: Vec<Range>,
    /// Explicitly listed affected versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[serde(default, deserialize_with = "null_as_default")]
    pub versions: Vec<String>,
    /// Ecosystem-defined data (Go symbols, Debian urgency, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ecosystem_specific: Option<Value>,
    /// Source-defined data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database_specific: Option<Value>,
}

impl Affected {
    /// Why package matching cannot use this entry, if it cannot.
    pub fn unusable(&self) -> Option<SkipReason> {
        let Some(p) = &self.package else {
            return Some(SkipReason::NoPackage);
        };
        let ecosystem = p.ecosystem.trim().is_empty();
        let name = p.index_name().is_none();
        match (ecosystem, name) {
            (false, false) => None,
            (true, true) => Some(SkipReason::NoPackage),
            (true, false) => Some(SkipReason::NoEcosystem),
            (false, true) => Some(SkipReason::NoName),
        }
    }
}

/// Why an `affected` entry was set aside while its record was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    /// No package, or an empty one: the entry names only commits.
    NoPackage,
    /// A package name without an ecosystem.
    NoEcosystem,
    /// An ecosystem without a package name or a purl that gives one.
    NoName,
}

impl SkipReason {
    /// Every reason, in the order reports list them.
    pub const ALL: [Self; 3] = [Self::NoPackage, Self::NoEcosystem, Self::NoName];

    /// The stable key stored in the database and printed in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Self::NoPackage => "affected_without_package",
            Self::NoEcosystem => "affected_without_ecosystem",
            Self::NoName => "affected_without_name",
        }
    }

    /// What a person reads in `db status`.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NoPackage => "affected entry without a package (commit ranges only)",
            Self::NoEcosystem => "affected package without an ecosystem",
            Self::NoName => "affected package without a name or purl",
        }
    }

    /// The reason stored under `key`, if this bosun knows it.
    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }
}

/// An affected package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Package {
    /// OSV ecosystem string, e.g. `PyPI`, `Debian:12`, `Alpine:v3.20`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub ecosystem: String,
    /// Package name as the ecosystem spells it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Package URL, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
}

impl Package {
    /// The name the store indexes: `name`, or for records that give only
    /// a purl (`pkg:type/namespace/name@version`), its `namespace/name`.
    pub fn index_name(&self) -> Option<String> {
        let name = self.name.trim();
        if !name.is_empty() {
            return Some(self.name.clone());
        }
        let rest = self.purl.as_deref()?.trim().strip_prefix("pkg:")?;
        let rest = rest.split(['?', '#']).next()?;
        let rest = rest.split('@').next()?;
        let (_, path) = rest.split_once('/')?;
        (!path.is_empty()).then(|| path.to_owned())
    }
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
    #[serde(default, deserialize_with = "null_as_default")]
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

/// A range event with none or several of its four keys.
#[derive(Debug, thiserror::Error)]
#[error("a range event must have exactly one of introduced, fixed, last_affected, limit")]
struct EventShapeError;

impl TryFrom<RawEvent> for Event {
    type Error = EventShapeError;

    fn try_from(r: RawEvent) -> Result<Self, EventShapeError> {
        match (r.introduced, r.fixed, r.last_affected, r.limit) {
            (Some(v), None, None, None) => Ok(Self::Introduced(v)),
            (None, Some(v), None, None) => Ok(Self::Fixed(v)),
            (None, None, Some(v), None) => Ok(Self::LastAffected(v)),
            (None, None, None, Some(v)) => Ok(Self::Limit(v)),
            _ => Err(EventShapeError),
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
    #[serde(default, deserialize_with = "null_as_default")]
    pub kind: String,
    /// The address.
    #[serde(default, deserialize_with = "null_as_default")]
    pub url: String,
}

impl Advisory {
    /// Parses one record from JSON and checks what the store relies on.
    pub fn from_json(bytes: &[u8]) -> Result<Self, String> {
        let adv: Self = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        adv.validate()?;
        Ok(adv)
    }

    /// What makes a record unusable rather than merely odd: no id. A
    /// missing `modified` is tolerated (some feeds omit it) and sorts as
    /// oldest; `affected` entries bosun cannot use are set aside by
    /// [`Advisory::take_unusable`], not held against the record.
    pub fn validate(&self) -> Result<(), String> {
        if self.id.trim().is_empty() {
            return Err("missing id".to_owned());
        }
        Ok(())
    }

    /// Removes the `affected` entries that name no package bosun can look
    /// up, and says why each went. OSV allows them — an entry with only
    /// `GIT` ranges and an empty `package` is common in osv.dev's records
    /// beside the distribution entries — so they cost the entry, never the
    /// record.
    pub fn take_unusable(&mut self) -> Vec<SkipReason> {
        let mut skipped = Vec::new();
        self.affected.retain(|a| match a.unusable() {
            Some(reason) => {
                skipped.push(reason);
                false
            }
            None => true,
        });
        skipped
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

    /// Excerpt (shortened: two of its 13 `affected` entries, fewer
    /// versions, no details or references) of osv.dev's Debian record
    /// CVE-2023-45853, as in ../shared/data/advisories/debian12-osv
    /// (vulsio/vuls-data-raw-debian-osv af8e56d3, CVE/2023/CVE-2023-45853.json;
    /// osv.dev's conversion of Debian security tracker data). Beside the
    /// `Debian:12` entry it has a `GIT` entry with an empty package, which
    /// OSV allows.
    const CVE_2023_45853: &str = r#"{"schema_version":"1.6.0","id":"CVE-2023-45853",
        "modified":"2025-01-15T05:01:42.837510Z","published":"2023-10-14T02:15:09Z",
        "aliases":["GHSA-mq29-j5xf-cjwr"],
        "severity":[{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
        "affected":[
          {"package":{"ecosystem":"Debian:12","name":"zlib","purl":"pkg:deb/debian/zlib?arch=source"},
           "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}],
           "versions":["1:1.2.13.dfsg-1","1:1.3.dfsg-3.1~exp1"],
           "ecosystem_specific":{"urgency":"not yet assigned"}},
          {"package":{},
           "ranges":[{"type":"GIT","repo":"https://github.com/madler/zlib",
             "events":[{"introduced":"0"},{"fixed":"51b7f2abdade71cd9bb0e7a373ef2610ec6f9daf"}]}],
           "versions":["v1.2.13","v1.3"]}]}"#;

    #[test]
    fn empty_package_costs_the_entry_not_the_record() {
        let mut a = Advisory::from_json(CVE_2023_45853.as_bytes()).unwrap();
        assert_eq!(a.affected.len(), 2);
        assert_eq!(a.take_unusable(), vec![SkipReason::NoPackage]);
        assert_eq!(a.affected.len(), 1);
        let p = a.affected[0].package.as_ref().unwrap();
        assert_eq!(
            (p.ecosystem.as_str(), p.name.as_str()),
            ("Debian:12", "zlib")
        );
    }

    #[test]
    fn unusable_entries_are_named_by_reason() {
        let pkg = |ecosystem: &str, name: &str, purl: Option<&str>| Affected {
            package: Some(Package {
                ecosystem: ecosystem.into(),
                name: name.into(),
                purl: purl.map(Into::into),
            }),
            ..Affected::default()
        };
        assert_eq!(Affected::default().unusable(), Some(SkipReason::NoPackage));
        assert_eq!(pkg("", "", None).unusable(), Some(SkipReason::NoPackage));
        assert_eq!(
            pkg(" ", "zlib", None).unusable(),
            Some(SkipReason::NoEcosystem)
        );
        assert_eq!(pkg("npm", "", None).unusable(), Some(SkipReason::NoName));
        assert_eq!(
            pkg("npm", "", Some("pkg:npm")).unusable(),
            Some(SkipReason::NoName)
        );
        assert_eq!(pkg("npm", "", Some("pkg:npm/%40a/b@1")).unusable(), None);
        assert_eq!(pkg("PyPI", "x", None).unusable(), None);
        for r in SkipReason::ALL {
            assert_eq!(SkipReason::from_key(r.key()), Some(r));
        }
    }

    /// Excerpt (one of its five `affected` entries, no details) of
    /// google/osv.dev's vulnfeeds/test_data/CVE-2012-2812.json (commit
    /// 7e6c1898, Apache-2.0; in ../shared/data/advisories/osv-test-records):
    /// Go's encoder writes an empty list as `null`.
    #[test]
    fn null_lists_read_as_empty() {
        let a = Advisory::from_json(
            br#"{"id":"CVE-2012-2812","affected":[{"package":{"name":"libexif",
                "ecosystem":"Alpine:v3.10","purl":"pkg:alpine/libexif"},
                "ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"0"},{"fixed":"0.6.21-r0"}]}],
                "versions":null}],
                "references":[{"type":"WEB","url":"http://sourceforge.net/mailarchive/message.php?msg_id=29534027"}]}"#,
        )
        .unwrap();
        assert!(a.affected[0].versions.is_empty());
        assert_eq!(a.affected[0].ranges[0].events.len(), 2);
        let b = Advisory::from_json(
            br#"{"id":"X-1","modified":null,"aliases":null,"severity":[{"type":"CVSS_V3","score":null}],
                "affected":[{"package":{"ecosystem":"npm","name":"p","purl":null},"ranges":null,"severity":null}],
                "references":[{"type":"WEB","url":null}]}"#,
        )
        .unwrap();
        assert_eq!(b.modified, "");
        assert!(b.affected[0].ranges.is_empty());
        assert!(Advisory::from_json(br#"{"id":null}"#).is_err());
    }

    /// Shortened from google/osv.dev's
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
