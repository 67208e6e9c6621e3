//! The CVSS v4.0 MacroVector scores: the score of the highest-severity
//! vector of each of the 270 MacroVectors (EQ1..EQ6), as published by FIRST
//! with the specification's reference calculator (`cvss_lookup.js` in
//! github.com/FIRSTdotorg/cvss-v4-calculator; Copyright FIRST, Red Hat and
//! contributors; BSD-2-Clause). Transcribed as data; `None` marks the
//! combinations that do not exist (EQ3 = 2 with EQ6 = 0).

const NONE: Option<f64> = None;

/// Indexed by [`index`]; `None` where no MacroVector exists.
#[rustfmt::skip]
pub(crate) const MACRO_SCORES: [Option<f64>; 324] = [
    Some(10.0), Some(9.9), Some(9.8), Some(9.5), Some(9.5), Some(9.2),
    Some(10.0), Some(9.6), Some(9.3), Some(8.7), Some(9.1), Some(8.1),
    Some(9.3), Some(9.0), Some(8.9), Some(8.0), Some(8.1), Some(6.8),
    Some(9.8), Some(9.5), Some(9.5), Some(9.2), Some(9.0), Some(8.4),
    Some(9.3), Some(9.2), Some(8.9), Some(8.1), Some(8.1), Some(6.5),
    Some(8.8), Some(8.0), Some(7.8), Some(7.0), Some(6.9), Some(4.8),
    NONE, Some(9.2), NONE, Some(8.2), NONE, Some(7.2),
    NONE, Some(7.9), NONE, Some(6.9), NONE, Some(5.0),
    NONE, Some(6.9), NONE, Some(5.5), NONE, Some(2.7),
    Some(9.9), Some(9.7), Some(9.5), Some(9.2), Some(9.2), Some(8.5),
    Some(9.5), Some(9.1), Some(9.0), Some(8.3), Some(8.4), Some(7.1),
    Some(9.2), Some(8.1), Some(8.2), Some(7.1), Some(7.2), Some(5.3),
    Some(9.5), Some(9.3), Some(9.2), Some(8.5), Some(8.5), Some(7.3),
    Some(9.2), Some(8.2), Some(8.0), Some(7.2), Some(7.0), Some(5.9),
    Some(8.4), Some(7.0), Some(7.1), Some(5.2), Some(5.0), Some(3.0),
    NONE, Some(8.6), NONE, Some(7.5), NONE, Some(5.2),
    NONE, Some(7.1), NONE, Some(5.2), NONE, Some(2.9),
    NONE, Some(6.3), NONE, Some(2.9), NONE, Some(1.7),
    Some(9.8), Some(9.5), Some(9.4), Some(8.7), Some(9.1), Some(8.1),
    Some(9.4), Some(8.9), Some(8.6), Some(7.4), Some(7.7), Some(6.4),
    Some(8.7), Some(7.5), Some(7.4), Some(6.3), Some(6.3), Some(4.9),
    Some(9.4), Some(8.9), Some(8.8), Some(7.7), Some(7.6), Some(6.7),
    Some(8.6), Some(7.6), Some(7.4), Some(5.8), Some(5.9), Some(5.0),
    Some(7.2), Some(5.7), Some(5.7), Some(5.2), Some(5.2), Some(2.5),
    NONE, Some(8.3), NONE, Some(7.0), NONE, Some(5.4),
    NONE, Some(6.5), NONE, Some(5.8), NONE, Some(2.6),
    NONE, Some(5.3), NONE, Some(2.1), NONE, Some(1.3),
    Some(9.5), Some(9.0), Some(8.8), Some(7.6), Some(7.6), Some(7.0),
    Some(9.0), Some(7.7), Some(7.5), Some(6.2), Some(6.1), Some(5.3),
    Some(7.7), Some(6.6), Some(6.8), Some(5.9), Some(5.2), Some(3.0),
    Some(8.9), Some(7.8), Some(7.6), Some(6.7), Some(6.2), Some(5.8),
    Some(7.4), Some(5.9), Some(5.7), Some(5.7), Some(4.7), Some(2.3),
    Some(6.1), Some(5.2), Some(5.7), Some(2.9), Some(2.4), Some(1.6),
    NONE, Some(7.1), NONE, Some(5.9), NONE, Some(3.0),
    NONE, Some(5.8), NONE, Some(2.6), NONE, Some(1.5),
    NONE, Some(2.3), NONE, Some(1.3), NONE, Some(0.6),
    Some(9.3), Some(8.7), Some(8.6), Some(7.2), Some(7.5), Some(5.8),
    Some(8.6), Some(7.4), Some(7.4), Some(6.1), Some(5.6), Some(3.4),
    Some(7.0), Some(5.4), Some(5.2), Some(4.0), Some(4.0), Some(2.2),
    Some(8.5), Some(7.5), Some(7.4), Some(5.5), Some(6.2), Some(5.1),
    Some(7.2), Some(5.7), Some(5.5), Some(4.1), Some(4.6), Some(1.9),
    Some(5.3), Some(3.6), Some(3.4), Some(1.9), Some(1.9), Some(0.8),
    NONE, Some(6.4), NONE, Some(5.1), NONE, Some(2.0),
    NONE, Some(4.7), NONE, Some(2.1), NONE, Some(1.1),
    NONE, Some(2.4), NONE, Some(0.9), NONE, Some(0.4),
    Some(8.8), Some(7.5), Some(7.3), Some(5.3), Some(6.0), Some(5.0),
    Some(7.3), Some(5.5), Some(5.9), Some(4.0), Some(4.1), Some(2.0),
    Some(5.4), Some(4.3), Some(4.5), Some(2.2), Some(2.0), Some(1.1),
    Some(7.5), Some(5.5), Some(5.8), Some(4.5), Some(4.0), Some(2.1),
    Some(6.1), Some(5.1), Some(4.8), Some(1.8), Some(2.0), Some(0.9),
    Some(4.6), Some(1.8), Some(1.7), Some(0.7), Some(0.8), Some(0.2),
    NONE, Some(5.3), NONE, Some(2.4), NONE, Some(1.4),
    NONE, Some(2.4), NONE, Some(1.2), NONE, Some(0.5),
    NONE, Some(1.0), NONE, Some(0.3), NONE, Some(0.1),
];

/// Position of MacroVector (eq1, eq2, eq3, eq4, eq5, eq6) in [`MACRO_SCORES`].
pub(crate) fn index(eq: [u8; 6]) -> Option<usize> {
    let [e1, e2, e3, e4, e5, e6] = eq.map(usize::from);
    if e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1 {
        return None;
    }
    Some(((((e1 * 2 + e2) * 3 + e3) * 3 + e4) * 3 + e5) * 2 + e6)
}

/// The score of a MacroVector, if it exists.
pub(crate) fn macro_score(eq: [u8; 6]) -> Option<f64> {
    index(eq).and_then(|i| MACRO_SCORES[i])
}
