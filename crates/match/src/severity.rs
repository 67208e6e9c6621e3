//! Which severity a finding gets, and from whom.
//!
//! Every score known for the finding's ids is gathered into
//! [`Finding::scores`](bosun_types::Finding): the advisory records' own
//! CVSS vectors (scored by `bosun-cvss`) and the database's enrichment
//! scores (NVD, the CNA's from the CVE List or NVD's `Secondary` entries,
//! CISA-ADP). The severity is then decided by the first step of the
//! precedence that has something (default `distro, advisory, cna, nvd,
//! adp`; `--severity-precedence` changes it, and a step left out is never
//! used):
//!
//! - `distro`: the distribution's own rating, for distribution packages:
//!   Debian's `urgency` (in `ecosystem_specific` or `database_specific`,
//!   or the security tracker's for the package and release: `unimportant`
//!   → negligible, `low`, `medium`, `high`; `not yet assigned` and
//!   `end-of-life` are no rating) and Ubuntu's priority (a `severity`
//!   entry of type `Ubuntu`).
//! - `advisory`: the advisory database's own rating
//!   (`database_specific.severity`: GHSA `LOW`/`MODERATE`/`HIGH`/
//!   `CRITICAL`…, named after the record's id prefix), else the record's
//!   own CVSS vector (source `cvss`).
//! - `cna`, `nvd`, `adp`: that publisher's CVSS score.
//!
//! Within a step, the rating is the highest; among scores, the highest
//! CVSS version (v4.0 > v3.1 > v3.0 > v2), then the highest score. A rated
//! finding still carries the best CVSS vector of its step in its
//! [`Score`]; v2 scores are rated on v2's scale (no critical).
//! [`bosun_types::Finding::severity_rule`] records the step.

use bosun_cvss::Cvss;
use bosun_types::enrich::{CvssScore, Origin};
use bosun_types::osv::SeverityScore;
use serde_json::Value;

use bosun_types::finding::{Score, Severity};

/// The ratings and scores gathered from the merged records of a finding.
#[derive(Debug, Default)]
pub(crate) struct Ratings {
    distro: Vec<(Severity, String)>,
    database: Vec<(Severity, String)>,
    vectors: Vec<(Cvss, String, String)>,
    published: Vec<CvssScore>,
}

/// What [`Ratings::decide`] chose.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Decision {
    pub(crate) severity: Severity,
    pub(crate) score: Option<Score>,
    pub(crate) rule: Option<Origin>,
    pub(crate) scores: Vec<CvssScore>,
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
                        self.vectors
                            .push((c, s.score.trim().to_owned(), record_id.to_owned()));
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

    /// Adds a distro tracker's urgency (`source` names the tracker).
    pub(crate) fn add_distro(&mut self, urgency: &str, source: &str) {
        if let Some(sev) = distro_rating(urgency) {
            self.distro.push((sev, source.to_owned()));
        }
    }

    /// Adds scores published outside the records (NVD, CNA, ADP).
    pub(crate) fn add_published(&mut self, scores: &[CvssScore]) {
        for s in scores {
            let dup = self.published.iter().any(|p| {
                p.id == s.id
                    && p.origin == s.origin
                    && p.source == s.source
                    && p.version == s.version
                    && p.vector == s.vector
            });
            if !dup {
                self.published.push(s.clone());
            }
        }
    }

    /// Every score, in `precedence` order (classes not in it last), the
    /// best of each class first.
    fn all_scores(&self, precedence: &[Origin]) -> Vec<CvssScore> {
        let mut out: Vec<CvssScore> = Vec::new();
        for (c, v, id) in &self.vectors {
            let s = CvssScore {
                id: id.clone(),
                source: source_of(id),
                origin: Origin::Advisory,
                version: version_name(c).to_owned(),
                vector: Some(v.clone()),
                base_score: c.base_score(),
                kind: None,
            };
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out.extend(self.published.iter().cloned());
        let rank = |o: Origin| {
            precedence
                .iter()
                .position(|p| *p == o)
                .unwrap_or(usize::MAX)
        };
        out.sort_by(|a, b| {
            rank(a.origin)
                .cmp(&rank(b.origin))
                .then(version_rank(&b.version).cmp(&version_rank(&a.version)))
                .then(b.base_score.total_cmp(&a.base_score))
                .then(a.source.cmp(&b.source))
        });
        out
    }

    /// The severity, the score behind it and the step that chose it.
    pub(crate) fn decide(&self, precedence: &[Origin]) -> Decision {
        let scores = self.all_scores(precedence);
        let best_of = |o: Origin| scores.iter().find(|s| s.origin == o);
        let as_score = |source: String, s: Option<&CvssScore>| Score {
            source,
            cvss_version: s.map(|s| s.version.clone()),
            vector: s.and_then(|s| s.vector.clone()),
            base_score: s.map(|s| s.base_score),
        };
        for &step in precedence {
            let rated = match step {
                Origin::Distro => self
                    .distro
                    .iter()
                    .max_by_key(|(s, _)| *s)
                    .map(|(sev, src)| {
                        (
                            *sev,
                            Score {
                                source: src.clone(),
                                cvss_version: None,
                                vector: None,
                                base_score: None,
                            },
                        )
                    }),
                Origin::Advisory => {
                    let vector = best_of(Origin::Advisory);
                    match self.database.iter().max_by_key(|(s, _)| *s) {
                        Some((sev, src)) => Some((*sev, as_score(src.clone(), vector))),
                        // The vector's publisher, not a generic "cvss".
                        None => vector.map(|v| (rate(v), as_score(v.source.clone(), Some(v)))),
                    }
                }
                other => best_of(other).map(|v| (rate(v), as_score(v.source.clone(), Some(v)))),
            };
            if let Some((severity, score)) = rated {
                return Decision {
                    severity,
                    score: Some(score),
                    rule: Some(step),
                    scores,
                };
            }
        }
        Decision {
            severity: Severity::Unknown,
            score: None,
            rule: None,
            scores,
        }
    }
}

/// A score's rating on its version's scale: v2 has no critical band.
fn rate(s: &CvssScore) -> Severity {
    if s.version == "2.0" {
        return match (s.base_score * 10.0).round() {
            t if t <= 0.0 => Severity::Negligible,
            t if t < 40.0 => Severity::Low,
            t if t < 70.0 => Severity::Medium,
            _ => Severity::High,
        };
    }
    from_cvss(bosun_cvss::Severity::from_score(s.base_score))
}

fn version_rank(v: &str) -> u8 {
    match v {
        "4.0" => 4,
        "3.1" => 3,
        "3.0" => 2,
        "2.0" => 1,
        _ => 0,
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
        "not yet assigned" | "untriaged" | "" | "unknown" | "end-of-life" => None,
        other => other.parse().ok(),
    }
}

/// `GHSA-xxxx` → `GHSA`; `PYSEC-2021-1` → `PYSEC`; a record named by its
/// CVE (osv.dev's Debian records) → `osv`.
fn source_of(id: &str) -> String {
    match id.split_once('-').map_or(id, |(p, _)| p) {
        "CVE" => "osv".to_owned(),
        p => p.to_owned(),
    }
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
        let d = r.decide(&Origin::DEFAULT_PRECEDENCE);
        let (sev, s) = (d.severity, d.score);
        assert_eq!(sev, Severity::Medium);
        let s = s.unwrap();
        assert_eq!(
            s.source, "X",
            "the advisory database that published the vector"
        );
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
        let d = r.decide(&Origin::DEFAULT_PRECEDENCE);
        let (sev, s) = (d.severity, d.score);
        assert_eq!(sev, Severity::Medium);
        let s = s.unwrap();
        assert_eq!(s.source, "GHSA");
        assert_eq!(s.base_score, Some(9.8));
        r.add("DEBIAN-CVE-1", &[], &[Some(r#"{"urgency":"unimportant"}"#)]);
        let d = r.decide(&Origin::DEFAULT_PRECEDENCE);
        assert_eq!(d.severity, Severity::Negligible);
        assert_eq!(d.score.unwrap().source, "Debian");
        assert_eq!(d.rule, Some(Origin::Distro));
    }

    #[test]
    fn published_scores_follow_the_precedence() {
        let nvd = |origin, source: &str, version: &str, score| CvssScore {
            id: "CVE-1".into(),
            source: source.into(),
            origin,
            version: version.into(),
            vector: None,
            base_score: score,
            kind: None,
        };
        let mut r = Ratings::default();
        r.add_published(&[
            nvd(Origin::Nvd, "nvd@nist.gov", "2.0", 7.5),
            nvd(Origin::Nvd, "nvd@nist.gov", "3.1", 9.8),
            nvd(Origin::Cna, "GitHub_M", "3.1", 5.3),
        ]);
        let d = r.decide(&Origin::DEFAULT_PRECEDENCE);
        assert_eq!((d.severity, d.rule), (Severity::Medium, Some(Origin::Cna)));
        assert_eq!(d.scores.len(), 3);
        let d = r.decide(&[Origin::Nvd]);
        assert_eq!(
            (d.severity, d.rule),
            (Severity::Critical, Some(Origin::Nvd))
        );
        assert_eq!(d.score.unwrap().base_score, Some(9.8));
        let d = r.decide(&[Origin::Adp]);
        assert_eq!(d.severity, Severity::Unknown);
        // v2's scale has no critical band.
        let mut v2 = Ratings::default();
        v2.add_published(&[nvd(Origin::Nvd, "nvd@nist.gov", "2.0", 10.0)]);
        assert_eq!(
            v2.decide(&Origin::DEFAULT_PRECEDENCE).severity,
            Severity::High
        );
    }

    #[test]
    fn nothing_is_unknown() {
        let mut r = Ratings::default();
        r.add("X", &[score("CVSS_V3", "garbage")], &[Some("not json")]);
        let d = r.decide(&Origin::DEFAULT_PRECEDENCE);
        assert_eq!(
            (d.severity, d.score, d.rule),
            (Severity::Unknown, None, None)
        );
    }
}
