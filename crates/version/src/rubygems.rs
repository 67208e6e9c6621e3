//! Ruby gem versions and requirements, as RubyGems' `Gem::Version` and
//! `Gem::Requirement` parse, order and match them.
//!
//! A version is split into runs of digits and runs of letters (`-` means
//! `.pre.`); any letter makes it a pre-release. Comparison drops trailing
//! zeros from the numeric part and from the part after the first letter,
//! then compares segment by segment with a missing segment as 0 and
//! letters below numbers.

use std::cmp::Ordering;

use crate::num::{cmp_digits, is_zero, strip_zeros};
use crate::{ParseError, Scheme};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    /// Digits without leading zeros.
    Num(Box<[u8]>),
    Str(Box<str>),
}

/// A parsed gem version.
#[derive(Clone, Debug)]
pub(crate) struct GemVersion {
    /// All segments, as `segments` returns them.
    segments: Box<[Seg]>,
    /// `canonical_segments`: what comparison uses.
    canonical: Box<[Seg]>,
    prerelease: bool,
}

impl GemVersion {
    pub(crate) fn is_prerelease(&self) -> bool {
        self.prerelease
    }
}

/// Ruby's `\s`.
fn is_rb_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n' | '\x0c' | '\x0b')
}

/// `[0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?`, or empty.
fn valid(s: &str) -> bool {
    if s.is_empty() {
        return true;
    }
    let (main, pre) = match s.find('-') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = main.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    let rest_ok = parts.all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_alphanumeric()));
    let pre_ok = pre.is_none_or(|p| {
        p.split('.')
            .all(|q| !q.is_empty() && q.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'))
    });
    first_ok && rest_ok && pre_ok
}

pub(crate) fn parse(input: &str) -> Result<GemVersion, ParseError> {
    let s = input.trim_matches(is_rb_space);
    if !valid(s) {
        return Err(ParseError::new(
            Scheme::RubyGems,
            input,
            "malformed version number string",
        ));
    }
    // An empty version is "0".
    let s = if s.is_empty() { "0" } else { s };
    let mut segments = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        if bytes[i].is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            segments.push(Seg::Num(strip_zeros(&bytes[start..i]).into()));
        } else if bytes[i].is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            segments.push(Seg::Str(s[start..i].into()));
        } else {
            // `-` becomes ".pre.", so it adds a "pre" segment.
            if bytes[i] == b'-' {
                segments.push(Seg::Str("pre".into()));
            }
            i += 1;
        }
    }
    let prerelease = segments.iter().any(|s| matches!(s, Seg::Str(_)));
    let split = segments
        .iter()
        .position(|s| matches!(s, Seg::Str(_)))
        .unwrap_or(segments.len());
    let mut canonical = Vec::with_capacity(segments.len());
    for part in [&segments[..split], &segments[split..]] {
        let keep = part
            .iter()
            .rposition(|s| !matches!(s, Seg::Num(d) if is_zero(d)))
            .map_or(0, |p| p + 1);
        canonical.extend_from_slice(&part[..keep]);
    }
    Ok(GemVersion {
        segments: segments.into(),
        canonical: canonical.into(),
        prerelease,
    })
}

pub(crate) fn compare(a: &GemVersion, b: &GemVersion) -> Ordering {
    let zero = Seg::Num(Box::new([]));
    let n = a.canonical.len().max(b.canonical.len());
    for i in 0..n {
        let l = a.canonical.get(i).unwrap_or(&zero);
        let r = b.canonical.get(i).unwrap_or(&zero);
        let ord = match (l, r) {
            (Seg::Num(x), Seg::Num(y)) => cmp_digits(x, y),
            (Seg::Str(x), Seg::Str(y)) => x.as_bytes().cmp(y.as_bytes()),
            (Seg::Str(_), Seg::Num(_)) => Ordering::Less,
            (Seg::Num(_), Seg::Str(_)) => Ordering::Greater,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// `release`: the version without its letter segments and what follows.
fn release(v: &GemVersion) -> GemVersion {
    if !v.prerelease {
        return v.clone();
    }
    let nums: Vec<Seg> = v
        .segments
        .iter()
        .take_while(|s| matches!(s, Seg::Num(_)))
        .cloned()
        .collect();
    from_numbers(nums)
}

fn from_numbers(nums: Vec<Seg>) -> GemVersion {
    let keep = nums
        .iter()
        .rposition(|s| !matches!(s, Seg::Num(d) if is_zero(d)))
        .map_or(0, |p| p + 1);
    GemVersion {
        canonical: nums[..keep].into(),
        segments: nums.into(),
        prerelease: false,
    }
}

/// `bump`: drop letter segments, drop the last number if more than one
/// remains, and increment the new last one (`~> 1.2.3` allows `< 1.3`).
fn bump(v: &GemVersion) -> GemVersion {
    let mut nums: Vec<Seg> = v
        .segments
        .iter()
        .take_while(|s| matches!(s, Seg::Num(_)))
        .cloned()
        .collect();
    if nums.len() > 1 {
        nums.pop();
    }
    if let Some(Seg::Num(d)) = nums.last_mut() {
        *d = increment(d);
    }
    from_numbers(nums)
}

/// Adds one to a digit string without leading zeros.
fn increment(d: &[u8]) -> Box<[u8]> {
    let mut out = d.to_vec();
    let mut i = out.len();
    loop {
        if i == 0 {
            out.insert(0, b'1');
            break;
        }
        i -= 1;
        if out[i] == b'9' {
            out[i] = b'0';
        } else {
            out[i] += 1;
            break;
        }
    }
    out.into()
}

/// Whether `version` meets every comma-separated requirement in
/// `requirement` (`~> 1.2`, `>= 1.0, < 2`, `!= 1.5`, `= 1.0`, `1.0`).
pub(crate) fn satisfies(version: &str, requirement: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    let mut ok = true;
    // As `Gem::Requirement.new(*requirement.split(","))`: Ruby's split
    // drops trailing empty fields, and no clause at all is the default
    // requirement `>= 0`.
    let mut clauses: Vec<&str> = requirement.split(',').collect();
    while clauses.last() == Some(&"") {
        clauses.pop();
    }
    if clauses.is_empty() {
        clauses.push(">= 0");
    }
    for text in clauses {
        let text = text.trim_matches(is_rb_space);
        if text.is_empty() {
            return Err(ParseError::new(
                Scheme::RubyGems,
                requirement,
                "illformed requirement",
            ));
        }
        let ops = ["~>", ">=", "<=", "!=", "=", ">", "<"];
        let (op, rest) = ops
            .iter()
            .find_map(|op| text.strip_prefix(op).map(|r| (*op, r)))
            .unwrap_or(("=", text));
        let rest = rest.trim_matches(is_rb_space);
        if rest.is_empty() {
            return Err(ParseError::new(
                Scheme::RubyGems,
                requirement,
                "illformed requirement",
            ));
        }
        let r =
            parse(rest).map_err(|e| ParseError::new(Scheme::RubyGems, requirement, e.reason))?;
        let ord = compare(&v, &r);
        ok &= match op {
            "~>" => ord != Ordering::Less && compare(&release(&v), &bump(&r)) == Ordering::Less,
            ">=" => ord != Ordering::Less,
            "<=" => ord != Ordering::Greater,
            "!=" => ord != Ordering::Equal,
            ">" => ord == Ordering::Greater,
            "<" => ord == Ordering::Less,
            _ => ord == Ordering::Equal,
        };
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn ordering() {
        assert_eq!(cmp("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0", "1.0.a"), Ordering::Greater);
        assert_eq!(cmp("1.0.0.a", "1.0.a"), Ordering::Equal);
        assert_eq!(cmp("1.0.a.0", "1.0.a"), Ordering::Equal);
        assert_eq!(cmp("1.0.b1", "1.0.a2"), Ordering::Greater);
        assert_eq!(cmp("1.0-1", "1.0.pre.1"), Ordering::Equal);
        assert_eq!(cmp("", "0"), Ordering::Equal);
        assert!(parse("1.0 beta").is_err());
        assert!(parse("junk").is_err());
    }

    #[test]
    fn requirements() {
        let s = |v, r| satisfies(v, r).unwrap();
        assert!(s("1.2.9", "~> 1.2.3"));
        assert!(!s("1.3", "~> 1.2.3"));
        assert!(s("1.9", "~> 1.2"));
        assert!(!s("2.0", "~> 1.2"));
        assert!(!s("2.0.a", "~> 1.2"));
        assert!(s("1.5", ">= 1.0, < 2"));
        assert!(s("1.0", "1.0"));
        assert!(s("9.0", "~> 9"));
        // No clause is the default `>= 0`, which a pre-release of 0 misses.
        assert!(s("1.0", ""));
        assert!(!s("0.beta.1", ""));
        assert!(s("1.0", "<= 7,"));
        assert!(satisfies("1.0", ",<= 7").is_err());
    }
}
