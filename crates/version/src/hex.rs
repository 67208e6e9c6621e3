//! Hex (Erlang/Elixir) versions and requirements, as Elixir's `Version`
//! module parses and matches them: strict SemVer 2.0, and requirements
//! such as `~> 2.0`, `>= 1.0.0 and < 2.0.0`, `== 1.2.3 or == 1.3.0`.
//! Like `Version.match?/2` by default, pre-releases are allowed to match.

use std::cmp::Ordering;

use crate::semver2::{self, Rules, SemVer};
use crate::{ParseError, Scheme};

const RULES: Rules = Rules {
    scheme: Scheme::Hex,
    v_prefix: false,
    leading_zeros: false,
    shorthand: false,
    max_number: u64::MAX,
};

pub(crate) fn parse(input: &str) -> Result<SemVer, ParseError> {
    semver2::parse_with(&RULES, input, input.trim())
}

fn req_err(req: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Hex, req, format!("invalid requirement: {reason}"))
}

/// One `OP VERSION` clause.
fn clause(req: &str, text: &str, v: &SemVer) -> Result<bool, ParseError> {
    let text = text.trim();
    let ops = ["~>", "==", "!=", ">=", "<=", ">", "<"];
    let (op, rest) = ops
        .iter()
        .find_map(|op| text.strip_prefix(op).map(|r| (*op, r.trim())))
        .unwrap_or(("==", text));
    if op == "~>" {
        // `~> 2.0` allows 2.x; `~> 2.0.1` allows 2.0.x.
        let parts: Vec<&str> = rest.splitn(3, '.').collect();
        let (low, high) = match parts.as_slice() {
            [a, b] => {
                let low = parse(&format!("{a}.{b}.0")).map_err(|e| req_err(req, &e.reason))?;
                let high = SemVer::new(low.major.saturating_add(1), 0, 0).with_pre_zero();
                (low, high)
            }
            [_, _, _] => {
                let low = parse(rest).map_err(|e| req_err(req, &e.reason))?;
                let high = SemVer::new(low.major, low.minor.saturating_add(1), 0).with_pre_zero();
                (low, high)
            }
            _ => return Err(req_err(req, "~> needs MAJOR.MINOR or MAJOR.MINOR.PATCH")),
        };
        return Ok(semver2::compare(v, &low) != Ordering::Less
            && semver2::compare(v, &high) == Ordering::Less);
    }
    let bound = parse(rest).map_err(|e| req_err(req, &e.reason))?;
    let ord = semver2::compare(v, &bound);
    Ok(match op {
        "==" => ord == Ordering::Equal,
        "!=" => ord != Ordering::Equal,
        ">=" => ord != Ordering::Less,
        "<=" => ord != Ordering::Greater,
        ">" => ord == Ordering::Greater,
        _ => ord == Ordering::Less,
    })
}

pub(crate) fn satisfies(version: &str, requirement: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    if requirement.trim().is_empty() {
        return Err(req_err(requirement, "empty"));
    }
    // Parse every clause before answering, so a bad clause is an error even
    // when an earlier alternative already matched.
    let mut any = false;
    for alt in requirement.split(" or ") {
        let mut all = true;
        for part in alt.split(" and ") {
            all &= clause(requirement, part, &v)?;
        }
        any |= all;
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirements() {
        let s = |v, r| satisfies(v, r).unwrap();
        assert!(s("2.5.0", "~> 2.0"));
        assert!(!s("3.0.0", "~> 2.0"));
        assert!(s("2.0.5", "~> 2.0.1"));
        assert!(!s("2.1.0", "~> 2.0.1"));
        assert!(s("1.5.0", ">= 1.0.0 and < 2.0.0"));
        assert!(s("1.3.0", "== 1.2.3 or == 1.3.0"));
        assert!(s("1.2.3", "1.2.3"));
        assert!(satisfies("1.0.0", ">= 1.0").is_err());
    }
}
