//! CVSS v2 (FIRST, "A Complete Guide to the Common Vulnerability Scoring
//! System Version 2.0", section 3.2 equations).
//!
//! Scores round half up to one decimal. The equations are evaluated in
//! `f64`, then rounded on a 10⁻⁵ grid first so that a product such as
//! 6.449999999 (exactly 6.45 in decimal) rounds as the exact value does.

use std::fmt;

use crate::metric::{MetricDef, ParseError, format_metrics, parse_metrics};

const CIA: &[&str] = &["N", "P", "C"];
const REQ: &[&str] = &["L", "M", "H", "ND"];

const DEFS: &[MetricDef] = &[
    MetricDef::required("AV", &["L", "A", "N"]),
    MetricDef::required("AC", &["H", "M", "L"]),
    MetricDef::required("Au", &["M", "S", "N"]),
    MetricDef::required("C", CIA),
    MetricDef::required("I", CIA),
    MetricDef::required("A", CIA),
    MetricDef::optional("E", &["U", "POC", "F", "H", "ND"]),
    MetricDef::optional("RL", &["OF", "TF", "W", "U", "ND"]),
    MetricDef::optional("RC", &["UC", "UR", "C", "ND"]),
    MetricDef::optional("CDP", &["N", "L", "LM", "MH", "H", "ND"]),
    MetricDef::optional("TD", &["N", "L", "M", "H", "ND"]),
    MetricDef::optional("CR", REQ),
    MetricDef::optional("IR", REQ),
    MetricDef::optional("AR", REQ),
];

const AV: usize = 0;
const AC: usize = 1;
const AU: usize = 2;
const C: usize = 3;
const E: usize = 6;
const RL: usize = 7;
const RC: usize = 8;
const CDP: usize = 9;
const TD: usize = 10;
const CR: usize = 11;

/// A CVSS v2 vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvssV2 {
    values: Vec<Option<&'static str>>,
}

impl CvssV2 {
    /// Parses `AV:N/AC:L/Au:N/C:P/I:P/A:P` (also with a `CVSS:2.0/` prefix
    /// or in parentheses, as NVD once wrote them).
    pub fn parse(vector: &str) -> Result<Self, ParseError> {
        let mut body = vector.trim();
        if let Some(inner) = body.strip_prefix('(').and_then(|b| b.strip_suffix(')')) {
            body = inner;
        }
        let body = body.strip_prefix("CVSS:2.0/").unwrap_or(body);
        if body.starts_with("CVSS:") {
            return Err(ParseError::new(vector, "unknown CVSS version prefix"));
        }
        Ok(Self {
            values: parse_metrics(vector, body, DEFS)?,
        })
    }

    fn get(&self, i: usize) -> &'static str {
        self.values[i].unwrap_or("ND")
    }

    fn has_any(&self, range: std::ops::Range<usize>) -> bool {
        self.values[range]
            .iter()
            .any(|v| v.is_some_and(|v| v != "ND"))
    }

    fn impact(&self) -> f64 {
        let c = |i| cia(self.get(C + i));
        10.41 * (1.0 - (1.0 - c(0)) * (1.0 - c(1)) * (1.0 - c(2)))
    }

    fn base_with_impact(&self, impact: f64) -> f64 {
        let exploitability = 20.0 * av(self.get(AV)) * ac(self.get(AC)) * au(self.get(AU));
        let f = if impact == 0.0 { 0.0 } else { 1.176 };
        round1((0.6 * impact + 0.4 * exploitability - 1.5) * f)
    }

    /// The base score.
    pub fn base_score(&self) -> f64 {
        self.base_with_impact(self.impact())
    }

    fn temporal_factor(&self) -> f64 {
        e(self.get(E)) * rl(self.get(RL)) * rc(self.get(RC))
    }

    /// The temporal score, when the vector has temporal metrics.
    pub fn temporal_score(&self) -> Option<f64> {
        self.has_any(E..CDP)
            .then(|| round1(self.base_score() * self.temporal_factor()))
    }

    /// The environmental score, when the vector has environmental metrics.
    pub fn environmental_score(&self) -> Option<f64> {
        self.has_any(CDP..DEFS.len()).then(|| self.environmental())
    }

    fn environmental(&self) -> f64 {
        let c = |i| cia(self.get(C + i)) * requirement(self.get(CR + i));
        let adjusted_impact =
            (10.41 * (1.0 - (1.0 - c(0)) * (1.0 - c(1)) * (1.0 - c(2)))).min(10.0);
        let adjusted_temporal =
            round1(self.base_with_impact(adjusted_impact) * self.temporal_factor());
        round1(
            (adjusted_temporal + (10.0 - adjusted_temporal) * cdp(self.get(CDP)))
                * td(self.get(TD)),
        )
    }

    /// Environmental if present, else temporal if present, else base.
    pub fn overall_score(&self) -> f64 {
        self.environmental_score()
            .or_else(|| self.temporal_score())
            .unwrap_or_else(|| self.base_score())
    }
}

impl fmt::Display for CvssV2 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_metrics(f, "", DEFS, &self.values)
    }
}

/// Round half up to one decimal, as exact decimal arithmetic would.
fn round1(x: f64) -> f64 {
    let grid = (x * 100_000.0).round() as i64;
    ((grid + 5_000).div_euclid(10_000)) as f64 / 10.0
}

fn av(v: &str) -> f64 {
    match v {
        "L" => 0.395,
        "A" => 0.646,
        _ => 1.0,
    }
}

fn ac(v: &str) -> f64 {
    match v {
        "H" => 0.35,
        "M" => 0.61,
        _ => 0.71,
    }
}

fn au(v: &str) -> f64 {
    match v {
        "M" => 0.45,
        "S" => 0.56,
        _ => 0.704,
    }
}

fn cia(v: &str) -> f64 {
    match v {
        "P" => 0.275,
        "C" => 0.660,
        _ => 0.0,
    }
}

fn e(v: &str) -> f64 {
    match v {
        "U" => 0.85,
        "POC" => 0.9,
        "F" => 0.95,
        _ => 1.0,
    }
}

fn rl(v: &str) -> f64 {
    match v {
        "OF" => 0.87,
        "TF" => 0.90,
        "W" => 0.95,
        _ => 1.0,
    }
}

fn rc(v: &str) -> f64 {
    match v {
        "UC" => 0.90,
        "UR" => 0.95,
        _ => 1.0,
    }
}

fn cdp(v: &str) -> f64 {
    match v {
        "L" => 0.1,
        "LM" => 0.3,
        "MH" => 0.4,
        "H" => 0.5,
        _ => 0.0,
    }
}

fn td(v: &str) -> f64 {
    match v {
        "N" => 0.0,
        "L" => 0.25,
        "M" => 0.75,
        _ => 1.0,
    }
}

fn requirement(v: &str) -> f64 {
    match v {
        "L" => 0.5,
        "H" => 1.51,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked examples of the CVSS v2 guide, section 3.3.
    #[test]
    fn guide_examples() {
        // 3.3.1 CVE-2002-0392 (Apache chunked encoding)
        let v = CvssV2::parse("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C").unwrap();
        assert_eq!(v.base_score(), 7.8);
        assert_eq!(v.temporal_score(), Some(6.4));
        let v =
            CvssV2::parse("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H")
                .unwrap();
        assert_eq!(v.environmental_score(), Some(9.2));
        // 3.3.2 CVE-2003-0818 (Windows ASN.1)
        let v = CvssV2::parse("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C").unwrap();
        assert_eq!(v.base_score(), 10.0);
        assert_eq!(v.temporal_score(), Some(8.3));
        let v =
            CvssV2::parse("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L")
                .unwrap();
        assert_eq!(v.environmental_score(), Some(9.0));
        // 3.3.3 CVE-2003-0062 (NOD32 buffer overflow)
        let v = CvssV2::parse("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C").unwrap();
        assert_eq!(v.base_score(), 6.2);
        assert_eq!(v.temporal_score(), Some(4.9));
        let v =
            CvssV2::parse("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:N/TD:N/CR:M/IR:M/AR:M")
                .unwrap();
        assert_eq!(v.environmental_score(), Some(0.0));
    }

    #[test]
    fn accepts_nvd_forms() {
        assert_eq!(
            CvssV2::parse("(AV:N/AC:L/Au:N/C:P/I:P/A:P)")
                .unwrap()
                .base_score(),
            7.5
        );
        assert_eq!(
            CvssV2::parse("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P")
                .unwrap()
                .base_score(),
            7.5
        );
        assert!(CvssV2::parse("AV:N/AC:L/Au:N/C:P/I:P").is_err());
    }
}
