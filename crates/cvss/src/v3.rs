//! CVSS v3.0 and v3.1 (FIRST, "Common Vulnerability Scoring System v3.1:
//! Specification Document", section 7, and the v3.0 document).
//!
//! The two versions share metrics and weights. They differ in the
//! environmental modified impact for changed scope (3.1 multiplies by
//! 0.9731 and uses exponent 13) and in how `Roundup` is written down: 3.1
//! defines it on integers to avoid floating-point artefacts, 3.0 as the
//! mathematical ceiling to one decimal; the 3.1 definition computes that
//! ceiling faithfully, so both versions use it.

use std::fmt;

use crate::Version;
use crate::metric::{MetricDef, ParseError, format_metrics, parse_metrics};

const N: &[&str] = &["N", "L", "H"];
const CIA: &[&str] = &["H", "L", "N"];
const MCIA: &[&str] = &["X", "H", "L", "N"];
const REQ: &[&str] = &["X", "H", "M", "L"];

const DEFS: &[MetricDef] = &[
    MetricDef::required("AV", &["N", "A", "L", "P"]),
    MetricDef::required("AC", &["L", "H"]),
    MetricDef::required("PR", N),
    MetricDef::required("UI", &["N", "R"]),
    MetricDef::required("S", &["U", "C"]),
    MetricDef::required("C", CIA),
    MetricDef::required("I", CIA),
    MetricDef::required("A", CIA),
    MetricDef::optional("E", &["X", "H", "F", "P", "U"]),
    MetricDef::optional("RL", &["X", "U", "W", "T", "O"]),
    MetricDef::optional("RC", &["X", "C", "R", "U"]),
    MetricDef::optional("CR", REQ),
    MetricDef::optional("IR", REQ),
    MetricDef::optional("AR", REQ),
    MetricDef::optional("MAV", &["X", "N", "A", "L", "P"]),
    MetricDef::optional("MAC", &["X", "L", "H"]),
    MetricDef::optional("MPR", &["X", "N", "L", "H"]),
    MetricDef::optional("MUI", &["X", "N", "R"]),
    MetricDef::optional("MS", &["X", "U", "C"]),
    MetricDef::optional("MC", MCIA),
    MetricDef::optional("MI", MCIA),
    MetricDef::optional("MA", MCIA),
];

// Positions in DEFS.
const AV: usize = 0;
const AC: usize = 1;
const PR: usize = 2;
const UI: usize = 3;
const S: usize = 4;
const C: usize = 5;
const E: usize = 8;
const RL: usize = 9;
const RC: usize = 10;
const CR: usize = 11;
const MAV: usize = 14;
const MC: usize = 19;

/// A CVSS v3.0 or v3.1 vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvssV3 {
    minor: u8,
    values: Vec<Option<&'static str>>,
}

impl CvssV3 {
    /// Parses `CVSS:3.0/…` or `CVSS:3.1/…`.
    pub fn parse(vector: &str) -> Result<Self, ParseError> {
        let (minor, body) = if let Some(b) = vector.strip_prefix("CVSS:3.1/") {
            (1, b)
        } else if let Some(b) = vector.strip_prefix("CVSS:3.0/") {
            (0, b)
        } else {
            return Err(ParseError::new(
                vector,
                "expected prefix CVSS:3.0/ or CVSS:3.1/",
            ));
        };
        Ok(Self {
            minor,
            values: parse_metrics(vector, body, DEFS)?,
        })
    }

    /// 3.0 or 3.1.
    pub fn version(&self) -> Version {
        if self.minor == 0 {
            Version::V3_0
        } else {
            Version::V3_1
        }
    }

    fn get(&self, i: usize) -> &'static str {
        self.values[i].unwrap_or("X")
    }

    /// A modified metric's value, falling back to the base metric.
    fn modified(&self, i: usize) -> &'static str {
        match self.get(MAV + i) {
            "X" => self.get(AV + i),
            v => v,
        }
    }

    fn has_any(&self, range: std::ops::Range<usize>) -> bool {
        self.values[range]
            .iter()
            .any(|v| v.is_some_and(|v| v != "X"))
    }

    /// The base score.
    pub fn base_score(&self) -> f64 {
        let changed = self.get(S) == "C";
        let iss = 1.0
            - (1.0 - cia(self.get(C)))
                * (1.0 - cia(self.get(C + 1)))
                * (1.0 - cia(self.get(C + 2)));
        let impact = if changed {
            7.52 * (iss - 0.029) - 3.25 * (iss - 0.02).powi(15)
        } else {
            6.42 * iss
        };
        let exploitability = 8.22
            * av(self.get(AV))
            * ac(self.get(AC))
            * pr(self.get(PR), changed)
            * ui(self.get(UI));
        if impact <= 0.0 {
            return 0.0;
        }
        if changed {
            roundup((1.08 * (impact + exploitability)).min(10.0))
        } else {
            roundup((impact + exploitability).min(10.0))
        }
    }

    fn temporal_factor(&self) -> f64 {
        e(self.get(E)) * rl(self.get(RL)) * rc(self.get(RC))
    }

    /// The temporal score, when the vector has temporal metrics.
    pub fn temporal_score(&self) -> Option<f64> {
        self.has_any(E..CR).then(|| self.temporal())
    }

    /// The temporal equation with unset metrics at their defaults (equal
    /// to the base score when the vector has no temporal metrics).
    pub fn temporal(&self) -> f64 {
        roundup(self.base_score() * self.temporal_factor())
    }

    /// The environmental score, when the vector has environmental metrics.
    pub fn environmental_score(&self) -> Option<f64> {
        self.has_any(CR..DEFS.len()).then(|| self.environmental())
    }

    /// The environmental equation with unset metrics at their defaults.
    /// Defined for every vector; in 3.1 it differs from the base score for
    /// a changed scope even without environmental metrics, because the
    /// modified-impact equation differs from the base one.
    pub fn environmental(&self) -> f64 {
        let changed = self.modified(S - AV) == "C";
        let req = |i: usize| requirement(self.get(CR + i));
        let mcia = |i: usize| match self.get(MC + i) {
            "X" => cia(self.get(C + i)),
            v => cia(v),
        };
        let miss = (1.0
            - (1.0 - mcia(0) * req(0)) * (1.0 - mcia(1) * req(1)) * (1.0 - mcia(2) * req(2)))
        .min(0.915);
        let impact = if !changed {
            6.42 * miss
        } else if self.minor == 0 {
            7.52 * (miss - 0.029) - 3.25 * (miss - 0.02).powi(15)
        } else {
            7.52 * (miss - 0.029) - 3.25 * (miss * 0.9731 - 0.02).powi(13)
        };
        let exploitability = 8.22
            * av(self.modified(AV))
            * ac(self.modified(AC))
            * pr(self.modified(PR), changed)
            * ui(self.modified(UI));
        if impact <= 0.0 {
            return 0.0;
        }
        let inner = if changed {
            roundup((1.08 * (impact + exploitability)).min(10.0))
        } else {
            roundup((impact + exploitability).min(10.0))
        };
        roundup(inner * self.temporal_factor())
    }

    /// Environmental if present, else temporal if present, else base.
    pub fn overall_score(&self) -> f64 {
        self.environmental_score()
            .or_else(|| self.temporal_score())
            .unwrap_or_else(|| self.base_score())
    }
}

impl fmt::Display for CvssV3 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = if self.minor == 0 {
            "CVSS:3.0/"
        } else {
            "CVSS:3.1/"
        };
        format_metrics(f, prefix, DEFS, &self.values)
    }
}

/// `Roundup` of CVSS v3.1 Appendix A: the smallest one-decimal number not
/// below `x`, computed on integers so that `4.000000000001` rounds to 4.0
/// as exact arithmetic would.
pub(crate) fn roundup(x: f64) -> f64 {
    let int_input = (x * 100_000.0).round() as i64;
    if int_input % 10_000 == 0 {
        int_input as f64 / 100_000.0
    } else {
        ((int_input / 10_000) + 1) as f64 / 10.0
    }
}

fn av(v: &str) -> f64 {
    match v {
        "N" => 0.85,
        "A" => 0.62,
        "L" => 0.55,
        _ => 0.2,
    }
}

fn ac(v: &str) -> f64 {
    if v == "L" { 0.77 } else { 0.44 }
}

fn pr(v: &str, changed: bool) -> f64 {
    match (v, changed) {
        ("N", _) => 0.85,
        ("L", false) => 0.62,
        ("L", true) => 0.68,
        (_, false) => 0.27,
        (_, true) => 0.5,
    }
}

fn ui(v: &str) -> f64 {
    if v == "N" { 0.85 } else { 0.62 }
}

fn cia(v: &str) -> f64 {
    match v {
        "H" => 0.56,
        "L" => 0.22,
        _ => 0.0,
    }
}

fn e(v: &str) -> f64 {
    match v {
        "F" => 0.97,
        "P" => 0.94,
        "U" => 0.91,
        _ => 1.0,
    }
}

fn rl(v: &str) -> f64 {
    match v {
        "W" => 0.97,
        "T" => 0.96,
        "O" => 0.95,
        _ => 1.0,
    }
}

fn rc(v: &str) -> f64 {
    match v {
        "R" => 0.96,
        "U" => 0.92,
        _ => 1.0,
    }
}

fn requirement(v: &str) -> f64 {
    match v {
        "H" => 1.5,
        "L" => 0.5,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(v: &str) -> (f64, Option<f64>, Option<f64>) {
        let c = CvssV3::parse(v).unwrap();
        (c.base_score(), c.temporal_score(), c.environmental_score())
    }

    /// Examples from FIRST's CVSS v3.1 "Examples" document (base vectors
    /// and scores of the scored vulnerabilities).
    #[test]
    fn first_v31_examples() {
        for (vector, score) in [
            // CVE-2013-1937 phpMyAdmin reflected XSS
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1),
            // CVE-2013-0375 MySQL stored SQL injection
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4),
            // CVE-2014-3566 SSLv3 POODLE
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1),
            // CVE-2012-1516 VMware guest to host escape
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9),
            // CVE-2009-0783 Apache Tomcat XML parser
            ("CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2),
            // CVE-2012-0384 Cisco IOS command injection
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8),
            // CVE-2015-1098 iWork denial of service
            ("CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8),
            // CVE-2014-0160 OpenSSL Heartbleed
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5),
            // CVE-2014-6271 GNU Bash Shellshock
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8),
            // CVE-2008-1447 DNS cache poisoning
            ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8),
            // CVE-2014-2005 Sophos login screen bypass
            ("CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8),
            // CVE-2010-0467 Joomla directory traversal
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8),
            // CVE-2012-1342 Cisco ASA ACL bypass
            ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8),
            // CVE-2013-6014 Juniper proxy ARP DoS
            ("CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3),
            // CVE-2019-7551 Cantemo Portal stored XSS
            ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:H/I:H/A:H", 9.0),
        ] {
            assert_eq!(scores(vector).0, score, "{vector}");
        }
    }

    #[test]
    fn temporal_and_environmental() {
        // The v3.1 specification's Roundup examples: 4.02 → 4.1, 4.00 → 4.0.
        assert_eq!(roundup(4.02), 4.1);
        assert_eq!(roundup(4.0), 4.0);
        assert_eq!(roundup(4.000_000_000_1), 4.0);
        let (b, t, env) = scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C");
        assert_eq!((b, t, env), (9.8, Some(8.8), None));
        let (_, _, env) =
            scores("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:L/IR:L/AR:L/MAV:L");
        assert!(env.is_some());
    }

    #[test]
    fn rejects_bad_vectors() {
        for v in [
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",
            "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
            "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        ] {
            assert!(CvssV3::parse(v).is_err(), "{v}");
        }
    }

    #[test]
    fn displays_canonically() {
        let v = CvssV3::parse("CVSS:3.0/C:H/I:H/A:H/AV:N/AC:L/PR:N/UI:N/S:U").unwrap();
        assert_eq!(
            v.to_string(),
            "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
        );
    }
}
