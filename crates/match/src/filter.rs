//! The report controls `--severity`, `--min-cvss`, `--kev`, `--min-epss` and
//! `--ignore-unfixed`,
//! and the `--fail-on` threshold.
//!
//! Filtered findings leave the report (its `filtered` count says how
//! many); suppressed findings stay, marked, so outputs can show why.

use serde::{Deserialize, Serialize};

use bosun_types::finding::{FixStatus, Report, Severity};

/// Which findings to keep.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Filter {
    /// Keep only these severities (`None`: all).
    #[serde(default)]
    pub severities: Option<Vec<Severity>>,
    /// Keep only findings whose CVSS base score is at least this. A
    /// finding without a base score is judged by the lower bound of its
    /// severity's CVSS band (critical 9.0, high 7.0, medium 4.0, low 0.1),
    /// so a distro rating without a vector is not silently dropped; one
    /// with neither a score nor a severity does not reach any minimum
    /// above 0.
    #[serde(default)]
    pub min_cvss: Option<f64>,
    /// Drop findings with no fixed version.
    #[serde(default)]
    pub ignore_unfixed: bool,
    /// Keep only findings whose CVE is in CISA's KEV catalog.
    #[serde(default)]
    pub kev: bool,
    /// Keep only findings with an EPSS probability of at least this
    /// (0 to 1); a finding without an EPSS score does not reach it.
    #[serde(default)]
    pub min_epss: Option<f64>,
}

impl Filter {
    /// Removes the findings this filter rejects from `report` and counts
    /// them in `report.filtered`.
    pub fn apply(&self, report: &mut Report) {
        let before = report.findings.len();
        report.findings.retain(|f| {
            if self.ignore_unfixed && f.status == FixStatus::Unfixed {
                return false;
            }
            if let Some(list) = &self.severities
                && !list.contains(&f.severity)
            {
                return false;
            }
            if self.kev && f.kev.is_none() {
                return false;
            }
            if let Some(min) = self.min_epss
                && f.epss.as_ref().is_none_or(|e| e.score < min)
            {
                return false;
            }
            if let Some(min) = self.min_cvss {
                // The chosen score, else the first published one in
                // precedence order, else the severity's band.
                let score = f
                    .score
                    .as_ref()
                    .and_then(|s| s.base_score)
                    .or_else(|| f.scores.first().map(|s| s.base_score))
                    .unwrap_or_else(|| band_floor(f.severity));
                if score < min {
                    return false;
                }
            }
            true
        });
        report.filtered += before - report.findings.len();
    }
}

/// The lowest CVSS v3 score of a severity's qualitative band.
fn band_floor(s: Severity) -> f64 {
    match s {
        Severity::Critical => 9.0,
        Severity::High => 7.0,
        Severity::Medium => 4.0,
        Severity::Low => 0.1,
        Severity::Negligible | Severity::Unknown => 0.0,
    }
}

/// Whether `report` has an unsuppressed finding at or above `fail_on`:
/// the `--fail-on` exit status.
pub fn fails(report: &Report, fail_on: Severity) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.suppressed.is_none() && f.severity >= fail_on)
}
