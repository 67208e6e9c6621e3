//! Severity data from outside the advisory records: CVSS scores published
//! by NVD, CVE Numbering Authorities and CISA's ADP, CISA's Known
//! Exploited Vulnerabilities catalog, FIRST's EPSS and the Debian security
//! tracker's per-release statuses. The store answers [`Enrichment`] per
//! CVE id; the matcher puts it on findings.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Who a score or rating comes from, as a class: also the steps of the
/// severity precedence (`--severity-precedence`) and the classes a policy's
/// `cvss-sources` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The distribution's own rating of its package (Debian urgency,
    /// Ubuntu priority), from the OSV record or the distro's tracker.
    Distro,
    /// The advisory record's own rating or CVSS vector (GHSA, PYSEC…).
    Advisory,
    /// The CVE Numbering Authority that assigned the CVE: CVE List 5
    /// `containers.cna` metrics, and NVD's `Secondary` metrics (which NVD
    /// copies from the CNA).
    Cna,
    /// An Authorized Data Publisher (CISA's Vulnrichment, `containers.adp`).
    Adp,
    /// NVD's own (`Primary`) assessment.
    Nvd,
}

impl Origin {
    /// Every class, in the default severity precedence.
    pub const DEFAULT_PRECEDENCE: [Origin; 5] = [
        Origin::Distro,
        Origin::Advisory,
        Origin::Cna,
        Origin::Nvd,
        Origin::Adp,
    ];

    /// The lower-case name, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Distro => "distro",
            Origin::Advisory => "advisory",
            Origin::Cna => "cna",
            Origin::Adp => "adp",
            Origin::Nvd => "nvd",
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A score class name that is none of bosun's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown score source {0:?} (expected distro, advisory, cna, adp or nvd)")]
pub struct UnknownOrigin(pub String);

impl FromStr for Origin {
    type Err = UnknownOrigin;

    fn from_str(s: &str) -> Result<Self, UnknownOrigin> {
        match s.trim().to_ascii_lowercase().as_str() {
            "distro" => Ok(Origin::Distro),
            "advisory" => Ok(Origin::Advisory),
            "cna" => Ok(Origin::Cna),
            "adp" => Ok(Origin::Adp),
            "nvd" => Ok(Origin::Nvd),
            _ => Err(UnknownOrigin(s.to_owned())),
        }
    }
}

/// Parses a comma-separated precedence (`distro,advisory,nvd`). Classes
/// left out are never used to rate; a repeated class is an error.
pub fn parse_precedence(text: &str) -> Result<Vec<Origin>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let o: Origin = part.parse().map_err(|e: UnknownOrigin| e.to_string())?;
        if out.contains(&o) {
            return Err(format!("{o} is named twice in the severity precedence"));
        }
        out.push(o);
    }
    if out.is_empty() {
        return Err("the severity precedence names no source".to_owned());
    }
    Ok(out)
}

/// One published CVSS score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CvssScore {
    /// The id it was published for (a CVE, or the advisory's id).
    pub id: String,
    /// Who published it: `nvd@nist.gov`, a CNA's short name or e-mail
    /// (`GitHub_M`, `security@debian.org`), `CISA-ADP`, or the advisory
    /// database (`GHSA`, `PYSEC`, `osv`).
    pub source: String,
    /// Its class, which the precedence and policies use.
    pub origin: Origin,
    /// `2.0`, `3.0`, `3.1` or `4.0`.
    pub version: String,
    /// The vector, as published.
    pub vector: Option<String>,
    /// The base score.
    pub base_score: f64,
    /// NVD's `Primary`/`Secondary`; `None` for other sources.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// A CISA Known Exploited Vulnerabilities catalog entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kev {
    /// The CVE listed.
    pub id: String,
    /// When CISA added it (`YYYY-MM-DD`).
    pub date_added: String,
    /// The remediation due date for US federal agencies.
    pub due_date: Option<String>,
    /// Whether it is known to be used in ransomware campaigns.
    pub ransomware: bool,
}

/// A FIRST EPSS score: the probability of exploitation activity in the
/// next 30 days, and its percentile among all scored CVEs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Epss {
    /// The CVE scored.
    pub id: String,
    /// Probability, 0 to 1.
    pub score: f64,
    /// Percentile, 0 to 1.
    pub percentile: f64,
    /// The model's score date (from the CSV header), if known.
    pub date: Option<String>,
}

/// The Debian security tracker's view of one CVE in one source package
/// and release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DistroStatus {
    /// The distribution (`debian`).
    pub distro: String,
    /// The source package.
    pub package: String,
    /// The CVE.
    pub id: String,
    /// The release code name (`bookworm`).
    pub release: String,
    /// `open`, `resolved` or `undetermined`.
    pub status: String,
    /// The tracker's urgency (`low`, `unimportant`, `end-of-life`…).
    pub urgency: Option<String>,
    /// The version that fixed it in this release.
    pub fixed_version: Option<String>,
    /// The `no-dsa` note, when the security team decided not to issue an
    /// advisory.
    pub nodsa: Option<String>,
    /// Why: `postponed`, `ignored`, or empty for a plain `no-dsa`.
    pub nodsa_reason: Option<String>,
}

impl DistroStatus {
    /// Why the distribution will not fix it in this release, if it will
    /// not: `end-of-life`, `unimportant`, `ignored`, `postponed` or
    /// `no-dsa`. Only for entries still open (a resolved one is fixed).
    pub fn will_not_fix(&self) -> Option<&'static str> {
        if self.status == "resolved" {
            return None;
        }
        let urgency = self.urgency.as_deref().unwrap_or("").trim_end_matches('*');
        if urgency == "end-of-life" {
            return Some("end-of-life");
        }
        if urgency == "unimportant" {
            return Some("unimportant");
        }
        match self.nodsa_reason.as_deref().map(str::trim) {
            Some("ignored") => Some("ignored"),
            Some("postponed") => Some("postponed"),
            _ if self.nodsa.is_some() => Some("no-dsa"),
            _ => None,
        }
    }
}

/// What the store knows about one CVE beyond the advisory records.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Enrichment {
    /// Every CVSS score published for it (NVD, CNA, ADP).
    pub scores: Vec<CvssScore>,
    /// Its KEV entry.
    pub kev: Option<Kev>,
    /// Its EPSS score.
    pub epss: Option<Epss>,
    /// The distro trackers' entries, every package and release.
    pub distro: Vec<DistroStatus>,
}

/// The Debian code name of a release number (`12` → `bookworm`), for the
/// tracker's per-release entries.
pub fn debian_codename(release: &str) -> Option<&'static str> {
    Some(match release.trim() {
        "7" => "wheezy",
        "8" => "jessie",
        "9" => "stretch",
        "10" => "buster",
        "11" => "bullseye",
        "12" => "bookworm",
        "13" => "trixie",
        "14" => "forky",
        "15" => "duke",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_parses_and_refuses_repeats() {
        assert_eq!(
            parse_precedence("nvd, CNA").unwrap(),
            vec![Origin::Nvd, Origin::Cna]
        );
        assert!(parse_precedence("nvd,nvd").is_err());
        assert!(parse_precedence("vendor").is_err());
        assert!(parse_precedence(" , ").is_err());
    }

    #[test]
    fn will_not_fix_reasons() {
        let mut s = DistroStatus {
            distro: "debian".into(),
            package: "glibc".into(),
            id: "CVE-1".into(),
            release: "bookworm".into(),
            status: "open".into(),
            urgency: Some("low".into()),
            fixed_version: None,
            nodsa: Some("Minor issue".into()),
            nodsa_reason: Some(String::new()),
        };
        assert_eq!(s.will_not_fix(), Some("no-dsa"));
        s.nodsa_reason = Some("postponed".into());
        assert_eq!(s.will_not_fix(), Some("postponed"));
        s.urgency = Some("unimportant".into());
        assert_eq!(s.will_not_fix(), Some("unimportant"));
        s.status = "resolved".into();
        assert_eq!(s.will_not_fix(), None);
        s.status = "open".into();
        s.urgency = Some("low".into());
        s.nodsa = None;
        s.nodsa_reason = None;
        assert_eq!(s.will_not_fix(), None);
    }
}
