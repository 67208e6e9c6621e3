//! `bosun-cvss`: CVSS vectors, parsed and scored per FIRST's specifications.
//!
//! - [`v2`]: CVSS v2 (base, temporal, environmental equations of the v2 guide).
//! - [`v3`]: CVSS v3.0 and v3.1 (one module: they differ only in the
//!   modified-impact equation and in `Roundup`'s definition).
//! - [`v4`]: CVSS v4.0 (MacroVector lookup and severity-distance
//!   interpolation, as in FIRST's reference calculator).
//!
//! [`Cvss::parse`] recognises the version from the prefix (`CVSS:3.1/`,
//! `CVSS:4.0/`; none, or `CVSS:2.0/`, for v2) and [`Severity`] maps a score
//! to the qualitative rating.

mod metric;
pub mod v2;
pub mod v3;
pub mod v4;
mod v4_lookup;

use std::fmt;
use std::str::FromStr;

pub use metric::ParseError;

/// The qualitative severity rating scale (CVSS v3.x and v4.0 specifications,
/// also used for v2 scores).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// 0.0
    None,
    /// 0.1 – 3.9
    Low,
    /// 4.0 – 6.9
    Medium,
    /// 7.0 – 8.9
    High,
    /// 9.0 – 10.0
    Critical,
}

impl Severity {
    /// The rating of a score.
    pub fn from_score(score: f64) -> Self {
        // Scores have one decimal; compare in tenths to avoid float edges.
        let tenths = (score * 10.0).round();
        if tenths <= 0.0 {
            Self::None
        } else if tenths < 40.0 {
            Self::Low
        } else if tenths < 70.0 {
            Self::Medium
        } else if tenths < 90.0 {
            Self::High
        } else {
            Self::Critical
        }
    }

    /// `NONE`, `LOW`, `MEDIUM`, `HIGH` or `CRITICAL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Low => "LOW",
            Self::Medium => "MEDIUM",
            Self::High => "HIGH",
            Self::Critical => "CRITICAL",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A CVSS version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// CVSS v2.
    V2,
    /// CVSS v3.0.
    V3_0,
    /// CVSS v3.1.
    V3_1,
    /// CVSS v4.0.
    V4_0,
}

/// A parsed vector of any version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cvss {
    /// CVSS v2.
    V2(v2::CvssV2),
    /// CVSS v3.0 or v3.1.
    V3(v3::CvssV3),
    /// CVSS v4.0.
    V4(v4::CvssV4),
}

impl Cvss {
    /// Parses a vector string, choosing the version from its prefix.
    pub fn parse(vector: &str) -> Result<Self, ParseError> {
        let v = vector.trim();
        if v.starts_with("CVSS:4.0/") {
            v4::CvssV4::parse(v).map(Self::V4)
        } else if v.starts_with("CVSS:3.") {
            v3::CvssV3::parse(v).map(Self::V3)
        } else {
            v2::CvssV2::parse(v).map(Self::V2)
        }
    }

    /// The vector's version.
    pub fn version(&self) -> Version {
        match self {
            Self::V2(_) => Version::V2,
            Self::V3(v) => v.version(),
            Self::V4(_) => Version::V4_0,
        }
    }

    /// The base score.
    pub fn base_score(&self) -> f64 {
        match self {
            Self::V2(v) => v.base_score(),
            Self::V3(v) => v.base_score(),
            Self::V4(v) => v.base_score(),
        }
    }

    /// The most specific score the vector supports: environmental if it
    /// has environmental metrics, else temporal (threat) if it has those,
    /// else base. For v4.0 this is the one CVSS-B/BT/BE/BTE score.
    pub fn score(&self) -> f64 {
        match self {
            Self::V2(v) => v.overall_score(),
            Self::V3(v) => v.overall_score(),
            Self::V4(v) => v.score(),
        }
    }

    /// The rating of [`Cvss::score`].
    pub fn severity(&self) -> Severity {
        Severity::from_score(self.score())
    }
}

impl FromStr for Cvss {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, ParseError> {
        Self::parse(s)
    }
}

impl fmt::Display for Cvss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::V2(v) => v.fmt(f),
            Self::V3(v) => v.fmt(f),
            Self::V4(v) => v.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rating_thresholds() {
        assert_eq!(Severity::from_score(0.0), Severity::None);
        assert_eq!(Severity::from_score(0.1), Severity::Low);
        assert_eq!(Severity::from_score(3.9), Severity::Low);
        assert_eq!(Severity::from_score(4.0), Severity::Medium);
        assert_eq!(Severity::from_score(6.9), Severity::Medium);
        assert_eq!(Severity::from_score(7.0), Severity::High);
        assert_eq!(Severity::from_score(8.9), Severity::High);
        assert_eq!(Severity::from_score(9.0), Severity::Critical);
        assert_eq!(Severity::from_score(10.0), Severity::Critical);
    }

    #[test]
    fn dispatches_on_prefix() {
        let v = Cvss::parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").unwrap();
        assert_eq!(v.version(), Version::V3_1);
        assert_eq!(v.score(), 9.8);
        assert_eq!(v.severity(), Severity::Critical);
        let v: Cvss = "AV:N/AC:L/Au:N/C:P/I:P/A:P".parse().unwrap();
        assert_eq!(v.version(), Version::V2);
        assert_eq!(v.score(), 7.5);
        let v =
            Cvss::parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").unwrap();
        assert_eq!(v.score(), 9.3);
        assert!(Cvss::parse("CVSS:5.0/AV:N").is_err());
        assert!(Cvss::parse("").is_err());
    }
}
