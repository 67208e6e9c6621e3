//! CVSS v4.0 (FIRST, "Common Vulnerability Scoring System Version 4.0:
//! Specification Document", section 8, and its reference calculator).
//!
//! A vector falls into one of 270 MacroVectors, six equivalence classes
//! (EQ1–EQ6) over its effective metric values; each MacroVector has an
//! expert-assigned score ([`crate::v4_lookup`]). The score is that value
//! lowered by the mean, over the EQs that have a lower MacroVector, of the
//! vector's severity distance from the MacroVector's highest vector,
//! scaled to the score gap to the next lower MacroVector. The arithmetic
//! below follows the reference calculator step by step, including its use
//! of binary floating point, so that scores agree with it to the last digit.

#![warn(clippy::indexing_slicing)]

use std::fmt;

use crate::metric::{MetricDef, ParseError, format_metrics, parse_metrics};
use crate::v4_lookup::macro_score;

const HLN: &[&str] = &["H", "L", "N"];
const X_HLN: &[&str] = &["X", "H", "L", "N"];
const X_NLHS: &[&str] = &["X", "N", "L", "H", "S"];
const X_HML: &[&str] = &["X", "H", "M", "L"];

const DEFS: &[MetricDef] = &[
    MetricDef::required("AV", &["N", "A", "L", "P"]),
    MetricDef::required("AC", &["L", "H"]),
    MetricDef::required("AT", &["N", "P"]),
    MetricDef::required("PR", &["N", "L", "H"]),
    MetricDef::required("UI", &["N", "P", "A"]),
    MetricDef::required("VC", HLN),
    MetricDef::required("VI", HLN),
    MetricDef::required("VA", HLN),
    MetricDef::required("SC", HLN),
    MetricDef::required("SI", HLN),
    MetricDef::required("SA", HLN),
    MetricDef::optional("E", &["X", "A", "P", "U"]),
    MetricDef::optional("CR", X_HML),
    MetricDef::optional("IR", X_HML),
    MetricDef::optional("AR", X_HML),
    MetricDef::optional("MAV", &["X", "N", "A", "L", "P"]),
    MetricDef::optional("MAC", &["X", "L", "H"]),
    MetricDef::optional("MAT", &["X", "N", "P"]),
    MetricDef::optional("MPR", &["X", "N", "L", "H"]),
    MetricDef::optional("MUI", &["X", "N", "P", "A"]),
    MetricDef::optional("MVC", X_HLN),
    MetricDef::optional("MVI", X_HLN),
    MetricDef::optional("MVA", X_HLN),
    MetricDef::optional("MSC", X_HLN),
    MetricDef::optional("MSI", X_NLHS),
    MetricDef::optional("MSA", X_NLHS),
    MetricDef::optional("S", &["X", "N", "P"]),
    MetricDef::optional("AU", &["X", "N", "Y"]),
    MetricDef::optional("R", &["X", "A", "U", "I"]),
    MetricDef::optional("V", &["X", "D", "C"]),
    MetricDef::optional("RE", &["X", "L", "M", "H"]),
    MetricDef::optional("U", &["X", "Clear", "Green", "Amber", "Red"]),
];

/// The base metrics, in table order; `M` + key is the modified metric.
const BASE: [&str; 11] = [
    "AV", "AC", "AT", "PR", "UI", "VC", "VI", "VA", "SC", "SI", "SA",
];
const MODIFIED_OFFSET: usize = 15;
const E: usize = 11;
const CR: usize = 12;

/// A CVSS v4.0 vector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CvssV4 {
    values: Vec<Option<&'static str>>,
}

/// The effective value of every metric the score uses.
struct Effective<'a>(&'a CvssV4);

impl Effective<'_> {
    /// `m()` of the reference calculator: E defaults to A, CR/IR/AR to H,
    /// a modified metric other than X overrides its base metric.
    fn m(&self, key: &str) -> &'static str {
        let v = |i: usize| self.0.values.get(i).copied().flatten();
        match key {
            "E" => match v(E).unwrap_or("X") {
                "X" => "A",
                x => x,
            },
            "CR" | "IR" | "AR" => {
                let i = CR
                    + ["CR", "IR", "AR"]
                        .iter()
                        .position(|k| *k == key)
                        .unwrap_or(0);
                match v(i).unwrap_or("X") {
                    "X" => "H",
                    x => x,
                }
            }
            _ => match BASE.iter().position(|k| *k == key) {
                Some(i) => match v(MODIFIED_OFFSET + i).unwrap_or("X") {
                    "X" => v(i).unwrap_or("X"),
                    x => x,
                },
                // MSI / MSA asked for directly (EQ4's "S" test).
                None => match key {
                    "MSI" => v(MODIFIED_OFFSET + 9).unwrap_or("X"),
                    "MSA" => v(MODIFIED_OFFSET + 10).unwrap_or("X"),
                    _ => "X",
                },
            },
        }
    }
}

impl CvssV4 {
    /// Parses `CVSS:4.0/…`.
    pub fn parse(vector: &str) -> Result<Self, ParseError> {
        let body = vector
            .strip_prefix("CVSS:4.0/")
            .ok_or_else(|| ParseError::new(vector, "expected prefix CVSS:4.0/"))?;
        Ok(Self {
            values: parse_metrics(vector, body, DEFS)?,
        })
    }

    /// The value given for `key`, if the vector has it.
    pub fn metric(&self, key: &str) -> Option<&'static str> {
        DEFS.iter()
            .position(|d| d.key == key)
            .and_then(|i| self.values.get(i).copied().flatten())
    }

    /// The MacroVector: EQ1..EQ6.
    pub fn macro_vector(&self) -> [u8; 6] {
        let e = Effective(self);
        let m = |k| e.m(k);
        let eq1 = if m("AV") == "N" && m("PR") == "N" && m("UI") == "N" {
            0
        } else if (m("AV") == "N" || m("PR") == "N" || m("UI") == "N") && m("AV") != "P" {
            1
        } else {
            2
        };
        let eq2 = if m("AC") == "L" && m("AT") == "N" {
            0
        } else {
            1
        };
        let eq3 = if m("VC") == "H" && m("VI") == "H" {
            0
        } else if m("VC") == "H" || m("VI") == "H" || m("VA") == "H" {
            1
        } else {
            2
        };
        let eq4 = if m("MSI") == "S" || m("MSA") == "S" {
            0
        } else if m("SC") == "H" || m("SI") == "H" || m("SA") == "H" {
            1
        } else {
            2
        };
        let eq5 = match m("E") {
            "A" => 0,
            "P" => 1,
            _ => 2,
        };
        let eq6 = if (m("CR") == "H" && m("VC") == "H")
            || (m("IR") == "H" && m("VI") == "H")
            || (m("AR") == "H" && m("VA") == "H")
        {
            0
        } else {
            1
        };
        [eq1, eq2, eq3, eq4, eq5, eq6]
    }

    /// The score of the vector (CVSS-B, -BT, -BE or -BTE depending on
    /// which metric groups it has).
    pub fn score(&self) -> f64 {
        let e = Effective(self);
        if ["VC", "VI", "VA", "SC", "SI", "SA"]
            .iter()
            .all(|k| e.m(k) == "N")
        {
            return 0.0;
        }
        let mv = self.macro_vector();
        let Some(value) = macro_score(mv) else {
            return 0.0;
        };
        let [eq1, eq2, eq3, eq4, eq5, eq6] = mv;
        let lower = |d: [u8; 6]| macro_score(d);
        let eq1_lower = lower([eq1 + 1, eq2, eq3, eq4, eq5, eq6]);
        let eq2_lower = lower([eq1, eq2 + 1, eq3, eq4, eq5, eq6]);
        let eq3eq6_lower = match (eq3, eq6) {
            (1, 1) | (0, 1) => lower([eq1, eq2, eq3 + 1, eq4, eq5, eq6]),
            (1, 0) => lower([eq1, eq2, eq3, eq4, eq5, eq6 + 1]),
            (0, 0) => {
                let left = lower([eq1, eq2, eq3, eq4, eq5, eq6 + 1]);
                let right = lower([eq1, eq2, eq3 + 1, eq4, eq5, eq6]);
                // The calculator keeps the left path only when it is
                // strictly higher.
                match (left, right) {
                    (Some(l), Some(r)) if l > r => Some(l),
                    (_, r) => r,
                }
            }
            _ => lower([eq1, eq2, eq3 + 1, eq4, eq5, eq6 + 1]),
        };
        let eq4_lower = lower([eq1, eq2, eq3, eq4 + 1, eq5, eq6]);
        let eq5_lower = lower([eq1, eq2, eq3, eq4, eq5 + 1, eq6]);

        let d = distances(&e, mv);
        let dist_eq1 = d[0] + d[1] + d[2];
        let dist_eq2 = d[3] + d[4];
        let dist_eq3eq6 = d[5] + d[6] + d[7] + d[11] + d[12] + d[13];
        let dist_eq4 = d[8] + d[9] + d[10];

        // Every MacroVector with a score has its levels in these tables.
        let (Some(&max_eq1), Some(&max_eq2), Some(&max_eq3eq6), Some(&max_eq4)) = (
            MAX_SEVERITY_EQ1.get(usize::from(eq1)),
            MAX_SEVERITY_EQ2.get(usize::from(eq2)),
            MAX_SEVERITY_EQ3EQ6
                .get(usize::from(eq3))
                .and_then(|r| r.get(usize::from(eq6))),
            MAX_SEVERITY_EQ4.get(usize::from(eq4)),
        ) else {
            return 0.0;
        };
        let step = 0.1;
        let max_eq1 = f64::from(max_eq1) * step;
        let max_eq2 = f64::from(max_eq2) * step;
        let max_eq3eq6 = f64::from(max_eq3eq6) * step;
        let max_eq4 = f64::from(max_eq4) * step;

        let mut n_lower = 0u32;
        let mut sum = 0.0;
        for (lower, dist, max) in [
            (eq1_lower, dist_eq1, max_eq1),
            (eq2_lower, dist_eq2, max_eq2),
            (eq3eq6_lower, dist_eq3eq6, max_eq3eq6),
            (eq4_lower, dist_eq4, max_eq4),
        ] {
            if let Some(l) = lower {
                n_lower += 1;
                sum += (value - l) * (dist / max);
            }
        }
        // EQ5 has depth 0: it counts towards the mean but adds nothing.
        if let Some(l) = eq5_lower {
            n_lower += 1;
            sum += (value - l) * 0.0;
        }
        let mean = if n_lower == 0 {
            0.0
        } else {
            sum / f64::from(n_lower)
        };
        let score = (value - mean).clamp(0.0, 10.0);
        // Round half up after lifting by 10⁻⁶: the interpolation can land
        // one ULP below a tie such as 5.65 (reference calculator, 2024-11).
        ((score + 1e-6) * 10.0 + 0.5).floor() / 10.0
    }

    /// The base score: the score of the vector's base metrics alone.
    pub fn base_score(&self) -> f64 {
        let base = Self {
            values: self
                .values
                .iter()
                .enumerate()
                .map(|(i, v)| if i < BASE.len() { *v } else { None })
                .collect(),
        };
        base.score()
    }
}

impl fmt::Display for CvssV4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        format_metrics(f, "CVSS:4.0/", DEFS, &self.values)
    }
}

const MAX_SEVERITY_EQ1: [u8; 3] = [1, 4, 5];
const MAX_SEVERITY_EQ2: [u8; 2] = [1, 2];
const MAX_SEVERITY_EQ3EQ6: [[u8; 2]; 3] = [[7, 6], [8, 8], [0, 10]];
const MAX_SEVERITY_EQ4: [u8; 3] = [6, 5, 4];

/// The highest-severity vectors of each EQ level (specification table
/// "MacroVector highest vectors"), as `[metric, value]` lists.
const MAX_EQ1: [&[&[(&str, &str)]]; 3] = [
    &[&[("AV", "N"), ("PR", "N"), ("UI", "N")]],
    &[
        &[("AV", "A"), ("PR", "N"), ("UI", "N")],
        &[("AV", "N"), ("PR", "L"), ("UI", "N")],
        &[("AV", "N"), ("PR", "N"), ("UI", "P")],
    ],
    &[
        &[("AV", "P"), ("PR", "N"), ("UI", "N")],
        &[("AV", "A"), ("PR", "L"), ("UI", "P")],
    ],
];
const MAX_EQ2: [&[&[(&str, &str)]]; 2] = [
    &[&[("AC", "L"), ("AT", "N")]],
    &[&[("AC", "H"), ("AT", "N")], &[("AC", "L"), ("AT", "P")]],
];
type Cia = [(&'static str, &'static str); 6];
const fn cia(
    vc: &'static str,
    vi: &'static str,
    va: &'static str,
    cr: &'static str,
    ir: &'static str,
    ar: &'static str,
) -> Cia {
    [
        ("VC", vc),
        ("VI", vi),
        ("VA", va),
        ("CR", cr),
        ("IR", ir),
        ("AR", ar),
    ]
}
const MAX_EQ3EQ6: [[&[Cia]; 2]; 3] = [
    [
        &[cia("H", "H", "H", "H", "H", "H")],
        &[
            cia("H", "H", "L", "M", "M", "H"),
            cia("H", "H", "H", "M", "M", "M"),
        ],
    ],
    [
        &[
            cia("L", "H", "H", "H", "H", "H"),
            cia("H", "L", "H", "H", "H", "H"),
        ],
        &[
            cia("L", "H", "L", "H", "M", "H"),
            cia("L", "H", "H", "H", "M", "M"),
            cia("H", "L", "H", "M", "H", "M"),
            cia("H", "L", "L", "M", "H", "H"),
            cia("L", "L", "H", "H", "H", "M"),
        ],
    ],
    [&[], &[cia("L", "L", "L", "H", "H", "H")]],
];
const MAX_EQ4: [&[(&str, &str)]; 3] = [
    &[("SC", "H"), ("SI", "S"), ("SA", "S")],
    &[("SC", "H"), ("SI", "H"), ("SA", "H")],
    &[("SC", "L"), ("SI", "L"), ("SA", "L")],
];

/// Order of the distances returned by [`distances`].
const DIST_KEYS: [&str; 14] = [
    "AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR",
];

fn level(key: &str, value: &str) -> f64 {
    match (key, value) {
        ("AV", "N") | ("PR", "N") | ("UI", "N") | ("AC", "L") | ("AT", "N") => 0.0,
        ("AV", "A") | ("PR", "L") | ("UI", "P") | ("AC", "H") | ("AT", "P") => 0.1,
        ("AV", "L") | ("PR", "H") | ("UI", "A") => 0.2,
        ("AV", "P") => 0.3,
        ("VC" | "VI" | "VA", "H") | ("CR" | "IR" | "AR", "H") | ("SI" | "SA", "S") => 0.0,
        ("VC" | "VI" | "VA", "L") | ("CR" | "IR" | "AR", "M") => 0.1,
        ("VC" | "VI" | "VA", "N") | ("CR" | "IR" | "AR", "L") => 0.2,
        ("SC" | "SI" | "SA", "H") => 0.1,
        ("SC" | "SI" | "SA", "L") => 0.2,
        ("SC" | "SI" | "SA", "N") => 0.3,
        // Not reachable with parsed vectors; the calculator yields NaN.
        _ => f64::NAN,
    }
}

/// Severity distances (vector level minus max-vector level) to the first
/// highest vector of the MacroVector that is at least as severe as the
/// vector in every metric, as the calculator searches them.
fn distances(e: &Effective<'_>, mv: [u8; 6]) -> [f64; 14] {
    let [eq1, eq2, eq3, eq4, _eq5, eq6] = mv.map(usize::from);
    let mut last = [0.0; 14];
    // A level outside the tables has no highest vector: no distances.
    let max_eq1 = MAX_EQ1.get(eq1).copied().unwrap_or_default();
    let max_eq2 = MAX_EQ2.get(eq2).copied().unwrap_or_default();
    let max_eq3eq6 = MAX_EQ3EQ6
        .get(eq3)
        .and_then(|r| r.get(eq6))
        .copied()
        .unwrap_or_default();
    let max_eq4 = MAX_EQ4.get(eq4).copied().unwrap_or_default();
    for m1 in max_eq1 {
        for m2 in max_eq2 {
            for m36 in max_eq3eq6 {
                let max_value = |key: &str| -> &str {
                    m1.iter()
                        .chain(m2.iter())
                        .chain(m36.iter())
                        .chain(max_eq4.iter())
                        .find(|(k, _)| *k == key)
                        .map_or("", |(_, v)| v)
                };
                let mut d = [0.0; 14];
                for (slot, key) in d.iter_mut().zip(DIST_KEYS) {
                    *slot = level(key, e.m(key)) - level(key, max_value(key));
                }
                last = d;
                if d.iter().all(|x| x.is_nan() || *x >= 0.0) {
                    return d;
                }
            }
        }
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(v: &str) -> f64 {
        CvssV4::parse(v).unwrap().score()
    }

    /// Vectors whose scores FIRST's v4.0 calculator shows (the all-High
    /// maximum, the specification's examples) and threat-metric cases
    /// checked against the `cvss` Python package.
    #[test]
    fn known_scores() {
        for (vector, expected) in [
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                9.3,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H",
                10.0,
            ),
            (
                "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                8.5,
            ),
            (
                "CVSS:4.0/AV:N/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N",
                2.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N",
                0.0,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U",
                8.1,
            ),
            (
                "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P",
                8.9,
            ),
        ] {
            assert_eq!(score(vector), expected, "{vector}");
        }
    }

    #[test]
    fn macro_vector_of_all_high() {
        let v = CvssV4::parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H")
            .unwrap();
        assert_eq!(v.macro_vector(), [0, 0, 0, 1, 0, 0]);
    }

    #[test]
    fn base_score_ignores_threat_metrics() {
        let v =
            CvssV4::parse("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U")
                .unwrap();
        assert_eq!(v.base_score(), 9.3);
        assert_eq!(v.metric("E"), Some("U"));
    }

    #[test]
    fn rejects_bad_vectors() {
        for v in [
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/U:red",
            "CVSS:3.1/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
        ] {
            assert!(CvssV4::parse(v).is_err(), "{v}");
        }
    }
}
