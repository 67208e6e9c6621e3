//! Which severity a finding gets, and from whom.
//!
//! Precedence, first that applies:
//!
//! 1. The distribution's own rating, for distribution packages: Debian's
//!    `urgency` (in `ecosystem_specific` or `database_specific`:
//!    `unimportant` → negligible, `low`, `medium`, `high`; `not yet
//!    assigned` is no rating) and Ubuntu's priority (a `severity` entry of
//!    type `Ubuntu`: `negligible`, `low`, `medium`, `high`, `critical`).
//! 2. The advisory database's own rating: `database_specific.severity` of
//!    the affected entry or of the record (GHSA `LOW`/`MODERATE`/`HIGH`/
//!    `CRITICAL`, and any source using the same field). The source is
//!    named after the record's id prefix (`GHSA`, `PYSEC`…).
//! 3. The CVSS vector of the highest version (v4.0 > v3.1 > v3.0 > v2),
//!    scored by `bosun-cvss`; among vectors of one version, the highest
//!    score. The source is then `cvss`.
//!
//! Within one rank, the highest rating wins (merged records may disagree).
//! A rated finding still carries the best CVSS vector in its [`Score`], so
//! `--min-cvss` and the outputs have a number where one was published.

use bosun_cvss::Cvss;
use bosun_types::osv::SeverityScore;
use serde_json::Value;

use bosun_types::finding::{Score, Severity};

/// The ratings and vectors gathered from the merged records of a finding.
#[derive(Debug, Default)]
pub(crate) struct Ratings {
    distro: Vec<(Severity, String)>,
    database: Vec<(Severity, String)>,
    vectors: Vec<(Cvss, String)>,
}

impl Ratings {
    /// Adds what one record's affected entry and header say.
    pub(crate) fn add(
        &mut self,
        record_id: &str,
        scores: &[SeverityScore],
        json_fields: &[Option<&str>],
    ) {
        for s in scores {
            match s.kind.as_str() {
                "CVSS_V2" | "CVSS_V3" | "CVSS_V4" => {
                    if let Ok(c) = Cvss::parse(s.score.trim()) {
                        self.vectors.push((c, s.score.trim().to_owned()));
                    }
                }
                "Ubuntu" => {
                    if let Some(sev) = distro_rating(&s.score) {
                        self.distro.push((sev, "Ubuntu".to_owned()));
                    }
                }
                _ => {}
            }
        }
        for text in json_fields.iter().flatten() {
            let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            if let Some(Value::String(u)) = map.get("urgency")
                && let Some(sev) = distro_rating(u)
            {
                self.distro.push((sev, "Debian".to_owned()));
            }
            if let Some(Value::String(s)) = map.get("severity")
                && let Ok(sev) = s.parse::<Severity>()
                && sev != Severity::Unknown
            {
                self.database.push((sev, source_of(record_id)));
            }
        }
    }

    /// The severity and the score behind it.
    pub(crate) fn decide(&self) -> (Severity, Option<Score>) {
        let best = self.vectors.iter().max_by(|(a, _), (b, _)| {
            a.version()
                .cmp(&b.version())
                .then(a.base_score().total_cmp(&b.base_score()))
        });
        let (cvss_version, vector, base_score) = match best {
            Some((c, v)) => (
                Some(version_name(c).to_owned()),
                Some(v.clone()),
                Some(c.base_score()),
            ),
            None => (None, None, None),
        };
        let own = [&self.distro, &self.database]
            .into_iter()
            .find_map(|list| list.iter().max_by_key(|(s, _)| *s));
        if let Some((sev, source)) = own {
            return (
                *sev,
                Some(Score {
                    source: source.clone(),
                    cvss_version,
                    vector,
                    base_score,
                }),
            );
        }
        match best {
            Some((c, _)) => (
                from_cvss(c.severity()),
                Some(Score {
                    source: "cvss".to_owned(),
                    cvss_version,
                    vector,
                    base_score,
                }),
            ),
            None => (Severity::Unknown, None),
        }
    }
}

fn version_name(c: &Cvss) -> &'static str {
    match c.version() {
        bosun_cvss::Version::V2 => "2.0",
        bosun_cvss::Version::V3_0 => "3.0",
        bosun_cvss::Version::V3_1 => "3.1",
        bosun_cvss::Version::V4_0 => "4.0",
    }
}

fn from_cvss(s: bosun_cvss::Severity) -> Severity {
    match s {
        bosun_cvss::Severity::None => Severity::Negligible,
        bosun_cvss::Severity::Low => Severity::Low,
        bosun_cvss::Severity::Medium => Severity::Medium,
        bosun_cvss::Severity::High => Severity::High,
        bosun_cvss::Severity::Critical => Severity::Critical,
    }
}

/// Debian urgencies and Ubuntu priorities. Debian marks ratings it has not
/// reviewed with a trailing `*` (`low**`): still its rating.
fn distro_rating(text: &str) -> Option<Severity> {
    let t = text.trim().trim_end_matches('*').trim();
    match t.to_ascii_lowercase().as_str() {
        "not yet assigned" | "untriaged" | "" | "unknown" => None,
        other => other.parse().ok(),
    }
}

/// `GHSA-xxxx` → `GHSA`; `PYSEC-2021-1` → `PYSEC`.
fn source_of(id: &str) -> String {
    id.split_once('-').map_or(id, |(p, _)| p).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(kind: &str, v: &str) -> SeverityScore {
        SeverityScore {
            kind: kind.into(),
            score: v.into(),
        }
    }

    #[test]
    fn highest_cvss_version_wins() {
        let mut r = Ratings::default();
        r.add(
            "X-1",
            &[
                score("CVSS_V2", "AV:N/AC:L/Au:N/C:C/I:C/A:C"),
                score("CVSS_V3", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N"),
            ],
            &[],
        );
        let (sev, s) = r.decide();
        assert_eq!(sev, Severity::Medium);
        let s = s.unwrap();
        assert_eq!(s.source, "cvss");
        assert_eq!(s.cvss_version.as_deref(), Some("3.1"));
        assert_eq!(s.base_score, Some(5.3));
    }

    #[test]
    fn database_rating_beats_cvss_and_distro_beats_database() {
        let mut r = Ratings::default();
        r.add(
            "GHSA-aaaa-bbbb-cccc",
            &[score(
                "CVSS_V3",
                "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            )],
            &[Some(r#"{"severity":"MODERATE"}"#)],
        );
        let (sev, s) = r.decide();
        assert_eq!(sev, Severity::Medium);
        let s = s.unwrap();
        assert_eq!(s.source, "GHSA");
        assert_eq!(s.base_score, Some(9.8));
        r.add("DEBIAN-CVE-1", &[], &[Some(r#"{"urgency":"unimportant"}"#)]);
        assert_eq!(r.decide().0, Severity::Negligible);
        assert_eq!(r.decide().1.unwrap().source, "Debian");
    }

    #[test]
    fn nothing_is_unknown() {
        let mut r = Ratings::default();
        r.add("X", &[score("CVSS_V3", "garbage")], &[Some("not json")]);
        assert_eq!(r.decide(), (Severity::Unknown, None));
    }
}
