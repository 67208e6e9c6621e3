//! `vulnerabilities`: findings at or above a severity or CVSS base score,
//! narrowed by fix availability, ids and the layers they are in. Every
//! parameter narrows: a finding counts when all that are set hold.
//!
//! The CVSS score used is the first, in the order of `cvss-sources`, of
//! the finding's scores whose version is in `cvss-versions`; a finding
//! with no such score counts only under `fail-closed: true`, so a policy
//! that asks for CVSS ≥ 7 never passes an image just because the data
//! had no score.

use bosun_types::{CvssScore, Finding, FixStatus, Origin, Score, Severity};
use serde::Deserialize;
use serde_json::json;
use serde_saphyr::{Location, Spanned};

use super::{Outcome, RuleKind};
use crate::error::Located;
use crate::subject::Subject;
use crate::verdict::Evidence;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    #[serde(default)]
    severity_at_least: Option<Spanned<String>>,
    #[serde(default)]
    cvss_at_least: Option<Spanned<f64>>,
    #[serde(default)]
    cvss_versions: Vec<Spanned<String>>,
    #[serde(default)]
    cvss_sources: Vec<String>,
    #[serde(default)]
    fail_closed: bool,
    #[serde(default)]
    kev: Option<bool>,
    #[serde(default)]
    epss_at_least: Option<Spanned<f64>>,
    #[serde(default)]
    fixed: Option<bool>,
    #[serde(default)]
    ids: Vec<String>,
    #[serde(default)]
    layers: Option<Layers>,
    #[serde(default)]
    fix_older_than_days: Option<Spanned<i64>>,
    #[serde(default)]
    published_older_than_days: Option<Spanned<i64>>,
}

/// Which layers a finding's package must be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Layers {
    All,
    Base,
    Own,
}

#[derive(Debug, Clone)]
pub(crate) struct Vulnerabilities {
    severity_at_least: Option<Severity>,
    cvss_at_least: Option<f64>,
    cvss_versions: Vec<String>,
    cvss_sources: Vec<String>,
    fail_closed: bool,
    kev: Option<bool>,
    epss_at_least: Option<f64>,
    fixed: Option<bool>,
    ids: Vec<String>,
    layers: Layers,
    fix_older_than_days: Option<i64>,
    published_older_than_days: Option<i64>,
}

const VERSIONS: [&str; 4] = ["2.0", "3.0", "3.1", "4.0"];

impl RuleKind for Vulnerabilities {
    type Raw = Raw;
    const NAME: &'static str = "vulnerabilities";
    const SUMMARY: &'static str =
        "known vulnerabilities by severity, CVSS score and source, fix, id and layer";
    const EXPLAIN: &'static str = "\
Counts vulnerability findings (after the ignore file and VEX). Every parameter
narrows the findings counted; with none, every finding counts.

  severity-at-least: high        critical, high, medium, low, negligible, unknown
  cvss-at-least: 7.0             a CVSS base score of at least this
  cvss-versions: [\"3.1\", \"4.0\"]  which CVSS versions count (default: all)
  cvss-sources: [advisory, cna, nvd]
                                 which scores count, in order of preference,
                                 over every score the finding carries:
                                 `advisory` (the advisory record's own vector),
                                 `cna` (the CVE's numbering authority: CVE List
                                 or NVD Secondary), `adp` (CISA-ADP), `nvd`
                                 (NVD Primary), `distro` (the distro's rating,
                                 when it came with a score), `any`, or a
                                 publisher as bosun shows it (`nvd@nist.gov`,
                                 `GitHub_M`) (default: the finding's chosen score)
  fail-closed: true              a finding with no usable score counts
  kev: true                      only findings in CISA's KEV catalog
  epss-at-least: 0.1             an EPSS probability of at least this (0 to 1)
  fixed: true                    only findings with a fixed version (false: only unfixed)
  ids: [CVE-2024-3094]           only these ids (or aliases)
  layers: own                    all, base (the base image's layers) or own
  fix-older-than-days: 30        a fix has been known for more than 30 days
                                 (counted from the first advisory record that
                                 names a fixed version; implies fixed: true)
  published-older-than-days: 90  the vulnerability was published more than 90
                                 days ago
                                 (a finding whose date is unknown counts only
                                 with fail-closed)

Example:
  - id: fixable-high
    action: stop
    message: A fixable HIGH or CRITICAL vulnerability
    vulnerabilities:
      severity-at-least: high
      fixed: true
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "severity-at-least": {"enum": ["critical", "high", "medium", "low", "negligible", "unknown"]},
                "cvss-at-least": {"type": "number", "minimum": 0, "maximum": 10},
                "cvss-versions": {"type": "array", "items": {"enum": VERSIONS}},
                "cvss-sources": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "fail-closed": {"type": "boolean"},
                "kev": {"type": "boolean"},
                "epss-at-least": {"type": "number", "minimum": 0, "maximum": 1},
                "fixed": {"type": "boolean"},
                "ids": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "layers": {"enum": ["all", "base", "own"]},
                "fix-older-than-days": {"type": "integer", "minimum": 0},
                "published-older-than-days": {"type": "integer", "minimum": 0}
            }
        })
    }

    fn compile(raw: Raw, _at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        let severity_at_least = super::severity_param(raw.severity_at_least.as_ref(), &mut errors);
        if let Some(c) = &raw.cvss_at_least
            && !(0.0..=10.0).contains(&c.value)
        {
            errors.push(Located::at(
                &c.referenced,
                format!("cvss-at-least is {}; CVSS scores run from 0 to 10", c.value),
            ));
        }
        if let Some(e) = &raw.epss_at_least
            && !(0.0..=1.0).contains(&e.value)
        {
            errors.push(Located::at(
                &e.referenced,
                format!(
                    "epss-at-least is {}; EPSS probabilities run from 0 to 1",
                    e.value
                ),
            ));
        }
        for v in &raw.cvss_versions {
            if !VERSIONS.contains(&v.value.as_str()) {
                errors.push(Located::at(
                    &v.referenced,
                    format!("unknown CVSS version {:?} (2.0, 3.0, 3.1 or 4.0)", v.value),
                ));
            }
        }
        for (key, d) in [
            ("fix-older-than-days", &raw.fix_older_than_days),
            ("published-older-than-days", &raw.published_older_than_days),
        ] {
            if let Some(d) = d
                && d.value < 0
            {
                errors.push(Located::at(
                    &d.referenced,
                    format!("{key} is {}; give a number of days, 0 or more", d.value),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            severity_at_least,
            cvss_at_least: raw.cvss_at_least.map(|c| c.value),
            cvss_versions: raw.cvss_versions.into_iter().map(|v| v.value).collect(),
            cvss_sources: raw
                .cvss_sources
                .into_iter()
                .map(|s| s.trim().to_ascii_lowercase())
                .collect(),
            fail_closed: raw.fail_closed,
            kev: raw.kev,
            epss_at_least: raw.epss_at_least.map(|e| e.value),
            fixed: raw.fixed,
            ids: raw.ids,
            layers: raw.layers.unwrap_or(Layers::All),
            fix_older_than_days: raw.fix_older_than_days.map(|d| d.value),
            published_older_than_days: raw.published_older_than_days.map(|d| d.value),
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        if self.layers != Layers::All && s.base_layers.is_none() {
            return Outcome::Skipped(
                "the base image's layers are unknown (no base label, --dockerfile or known base)"
                    .into(),
            );
        }
        let mut out = Vec::new();
        for f in s.findings.iter().filter(|f| f.suppressed.is_none()) {
            if let Some(fixed) = self.fixed
                && fixed != (f.status == FixStatus::Fixed)
            {
                continue;
            }
            if !self.ids.is_empty() && !self.ids.iter().any(|id| names(f, id)) {
                continue;
            }
            if let Some(base) = s.base_layers {
                let in_base = f.layer.as_ref().is_some_and(|l| l.index < base);
                match self.layers {
                    Layers::Base if !in_base => continue,
                    Layers::Own if in_base => continue,
                    _ => {}
                }
            }
            if let Some(min) = self.severity_at_least
                && f.severity < min
            {
                continue;
            }
            if let Some(want) = self.kev
                && want != f.kev.is_some()
            {
                continue;
            }
            if let Some(min) = self.epss_at_least
                && f.epss.as_ref().is_none_or(|e| e.score < min)
            {
                continue;
            }
            let mut date_note = None;
            if let Some(days) = self.fix_older_than_days {
                if f.status != FixStatus::Fixed {
                    continue;
                }
                match age_days(f.fix_published.as_deref(), s.now) {
                    Some(age) if age > days => {}
                    Some(_) => continue,
                    None if self.fail_closed => date_note = Some("fix date unknown; fail-closed"),
                    None => continue,
                }
            }
            if let Some(days) = self.published_older_than_days {
                match age_days(f.published.as_deref(), s.now) {
                    Some(age) if age > days => {}
                    Some(_) => continue,
                    None if self.fail_closed => {
                        date_note = Some("publication date unknown; fail-closed");
                    }
                    None => continue,
                }
            }
            let score = self.pick_score(f);
            let mut note = None;
            if let Some(min) = self.cvss_at_least {
                match score.as_ref().and_then(|s| s.base_score) {
                    Some(b) if b >= min => {}
                    Some(_) => continue,
                    None if self.fail_closed => note = Some("no usable CVSS score; fail-closed"),
                    None => continue,
                }
            }
            out.push(evidence(f, score.as_ref(), note.or(date_note)));
        }
        Outcome::Found(out)
    }
}

/// Whole days from `date` (`YYYY-MM-DD…`) to `now` (Unix seconds).
fn age_days(date: Option<&str>, now: i64) -> Option<i64> {
    let d: bosun_types::Date = date?.parse().ok()?;
    Some(now.div_euclid(86_400) - d.days_since_epoch())
}

impl Vulnerabilities {
    /// The score this rule uses for `f`: with `cvss-sources`, the first
    /// source class (or publisher) in order that has a score among the
    /// finding's `scores` of an allowed version; without, the finding's
    /// chosen score, else its first published score of an allowed version.
    fn pick_score(&self, f: &Finding) -> Option<Score> {
        let version_ok = |v: Option<&str>| {
            self.cvss_versions.is_empty()
                || v.is_some_and(|v| self.cvss_versions.iter().any(|w| w == v))
        };
        let published = f.scores.iter().filter(|s| version_ok(Some(&s.version)));
        if self.cvss_sources.is_empty() {
            let chosen = f
                .score
                .as_ref()
                .filter(|s| s.base_score.is_some() && version_ok(s.cvss_version.as_deref()));
            return chosen
                .cloned()
                .or_else(|| published.clone().next().map(to_score));
        }
        for want in &self.cvss_sources {
            if let Some(s) = published.clone().find(|s| source_is(s, want)) {
                return Some(to_score(s));
            }
            // A distro rating that came with a score of its own.
            if want == "distro"
                && f.severity_rule == Some(Origin::Distro)
                && let Some(s) = f.score.as_ref().filter(|s| s.base_score.is_some())
            {
                return Some(s.clone());
            }
        }
        None
    }
}

fn to_score(s: &CvssScore) -> Score {
    Score {
        source: s.source.clone(),
        cvss_version: Some(s.version.clone()),
        vector: s.vector.clone(),
        base_score: Some(s.base_score),
    }
}

/// Whether score `s` comes from `want`: a class (`advisory`, `cna`, `adp`,
/// `nvd`, `distro`), `any`, or a publisher's name.
fn source_is(s: &CvssScore, want: &str) -> bool {
    match want {
        "any" => true,
        other => match other.parse::<Origin>() {
            Ok(o) => s.origin == o,
            Err(_) => s.source.eq_ignore_ascii_case(other),
        },
    }
}

fn names(f: &Finding, id: &str) -> bool {
    f.id.eq_ignore_ascii_case(id)
        || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(id))
        || f.advisories.iter().any(|a| a.eq_ignore_ascii_case(id))
}

fn evidence(f: &Finding, score: Option<&Score>, note: Option<&str>) -> Evidence {
    let mut subject = format!(
        "{} in {} {} ({}",
        f.id, f.package.name, f.package.version, f.severity
    );
    if let Some(s) = score {
        if let Some(b) = s.base_score {
            subject.push_str(&format!(", CVSS {b:.1}"));
        }
        if let Some(v) = &s.cvss_version {
            subject.push_str(&format!(" v{v}"));
        }
        subject.push_str(&format!(" from {}", s.source));
    }
    subject.push(')');
    if f.status == FixStatus::Fixed
        && let Some(v) = f.fixed_versions.first()
    {
        subject.push_str(&format!(", fixed in {v}"));
    }
    if let Some(k) = &f.kev {
        subject.push_str(&format!(", in CISA KEV since {}", k.date_added));
    }
    if let Some(e) = &f.epss {
        subject.push_str(&format!(", EPSS {:.3}", e.score));
    }
    if let Some(n) = note {
        subject.push_str(&format!(" [{n}]"));
    }
    Evidence {
        subject,
        vulnerability: Some(f.id.clone()),
        aliases: f.aliases.clone(),
        package: Some(f.package.name.clone()),
        version: Some(f.package.version.clone()),
        purl: Some(f.package.purl.clone()),
        path: f.package.paths.first().cloned(),
        severity: Some(f.severity.to_string()),
        score: score.cloned(),
        layer: f.layer.as_ref().map(|l| l.index),
        line: None,
        // Rank by score, then severity, so the worst evidence leads.
        rank: score.and_then(|s| s.base_score).unwrap_or(0.0) + f64::from(f.severity.rank()) * 10.0,
    }
}
