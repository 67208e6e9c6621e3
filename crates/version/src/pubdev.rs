//! Dart/Flutter (Pub) versions and constraints, as `pub_semver` parses,
//! orders and matches them. Unlike SemVer precedence, Pub orders build
//! metadata too (`1.0.0+2` > `1.0.0+1` > `1.0.0`), and numbers may have
//! leading zeros.

use std::cmp::Ordering;

use crate::semver2::{self, Rules, SemVer};
use crate::{ParseError, Scheme};

const RULES: Rules = Rules {
    scheme: Scheme::Pub,
    v_prefix: false,
    leading_zeros: true,
    shorthand: false,
    max_number: u64::MAX,
};

pub(crate) fn parse(input: &str) -> Result<SemVer, ParseError> {
    semver2::parse_with(&RULES, input, input.trim())
}

pub(crate) fn compare(a: &SemVer, b: &SemVer) -> Ordering {
    semver2::compare(a, b).then_with(|| match (a.build.is_empty(), b.build.is_empty()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => semver2::cmp_idents(&a.build, &b.build),
    })
}

fn req_err(req: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Pub, req, format!("invalid constraint: {reason}"))
}

/// Pub reads `<V` (V not a pre-release) as "below V's first pre-release",
/// so `<2.0.0` does not admit `2.0.0-dev`, unless the lower bound is itself
/// a pre-release of V.
fn upper(v: &SemVer, bound: &SemVer, inclusive: bool, min: Option<&SemVer>) -> bool {
    let mut bound = bound.clone();
    if !inclusive
        && bound.pre.is_empty()
        && !min.is_some_and(|m| !m.pre.is_empty() && m.same_release(&bound))
    {
        bound = bound.with_pre_zero();
        bound.build = Box::new([]);
    }
    let ord = compare(v, &bound);
    ord == Ordering::Less || (inclusive && ord == Ordering::Equal)
}

pub(crate) fn satisfies(version: &str, constraint: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    let text = constraint.trim();
    if text == "any" {
        return Ok(true);
    }
    if let Some(rest) = text.strip_prefix('^') {
        let low = parse(rest.trim()).map_err(|e| req_err(constraint, &e.reason))?;
        let high = if low.major > 0 {
            SemVer::new(low.major + 1, 0, 0)
        } else {
            SemVer::new(0, low.minor + 1, 0)
        };
        return Ok(compare(&v, &low) != Ordering::Less && upper(&v, &high, false, Some(&low)));
    }
    // A sequence of comparisons, all of which must hold.
    let mut rest = text;
    let mut clauses = Vec::new();
    while !rest.is_empty() {
        let op = [">=", "<=", ">", "<"]
            .into_iter()
            .find(|op| rest.starts_with(op))
            .unwrap_or("");
        let after = rest[op.len()..].trim_start();
        let end = after.find(char::is_whitespace).unwrap_or(after.len());
        let bound = parse(&after[..end]).map_err(|e| req_err(constraint, &e.reason))?;
        clauses.push((op, bound));
        rest = after[end..].trim_start();
    }
    if clauses.is_empty() {
        return Err(req_err(constraint, "empty"));
    }
    let min = clauses
        .iter()
        .find(|(op, _)| op.starts_with('>'))
        .map(|(_, b)| b.clone());
    Ok(clauses.iter().all(|(op, bound)| match *op {
        "" => compare(&v, bound) == Ordering::Equal,
        ">=" => compare(&v, bound) != Ordering::Less,
        ">" => compare(&v, bound) == Ordering::Greater,
        "<=" => upper(&v, bound, true, min.as_ref()),
        _ => upper(&v, bound, false, min.as_ref()),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn build_metadata_orders() {
        assert_eq!(cmp("1.0.0+2", "1.0.0+1"), Ordering::Greater);
        assert_eq!(cmp("1.0.0+1", "1.0.0"), Ordering::Greater);
        assert_eq!(cmp("1.0.0-dev", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("01.0.0", "1.0.0"), Ordering::Equal);
    }

    #[test]
    fn constraints() {
        let s = |v, c| satisfies(v, c).unwrap();
        assert!(s("1.5.0", "^1.2.3"));
        assert!(!s("2.0.0", "^1.2.3"));
        assert!(!s("2.0.0-dev", "^1.2.3"));
        assert!(s("0.2.9", "^0.2.3"));
        assert!(s("1.5.0", ">=1.0.0 <2.0.0"));
        assert!(s("7.0.0", "any"));
        assert!(s("1.2.3", "1.2.3"));
    }
}
