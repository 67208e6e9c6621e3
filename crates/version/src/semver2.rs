//! The SemVer 2.0 core shared by npm, Cargo, Go, Hex and Pub: one parsed
//! shape, a parser whose strictness each scheme chooses, and precedence
//! order (section 11 of the specification: build metadata ignored).

use std::cmp::Ordering;

use crate::num::{cmp_digits, strip_zeros};
use crate::{ParseError, Scheme};

/// A pre-release or build identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ident {
    /// All digits, leading zeros removed (compared as a number).
    Num(Box<[u8]>),
    /// Anything else (compared as ASCII text).
    Alpha(Box<str>),
}

impl Ident {
    fn cmp(&self, other: &Ident) -> Ordering {
        match (self, other) {
            (Ident::Num(a), Ident::Num(b)) => cmp_digits(a, b),
            (Ident::Alpha(a), Ident::Alpha(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Ident::Num(_), Ident::Alpha(_)) => Ordering::Less,
            (Ident::Alpha(_), Ident::Num(_)) => Ordering::Greater,
        }
    }
}

/// A parsed semantic version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SemVer {
    pub(crate) major: u64,
    pub(crate) minor: u64,
    pub(crate) patch: u64,
    pub(crate) pre: Box<[Ident]>,
    pub(crate) build: Box<[Ident]>,
}

impl SemVer {
    pub(crate) fn new(major: u64, minor: u64, patch: u64) -> SemVer {
        SemVer {
            major,
            minor,
            patch,
            pre: Box::new([]),
            build: Box::new([]),
        }
    }

    /// `M.m.p-0`: the lowest version of that release, as node-semver's
    /// desugared upper bounds use.
    pub(crate) fn with_pre_zero(mut self) -> SemVer {
        self.pre = Box::new([Ident::Num(Box::new([]))]);
        self
    }

    pub(crate) fn same_release(&self, other: &SemVer) -> bool {
        (self.major, self.minor, self.patch) == (other.major, other.minor, other.patch)
    }
}

/// What a scheme's parser accepts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Rules {
    pub(crate) scheme: Scheme,
    /// A leading `v` is allowed.
    pub(crate) v_prefix: bool,
    /// Leading zeros in numeric parts and numeric pre-release identifiers.
    pub(crate) leading_zeros: bool,
    /// `v1` and `v1.2` stand for `v1.0.0` and `v1.2.0` (Go).
    pub(crate) shorthand: bool,
    /// Largest allowed major/minor/patch.
    pub(crate) max_number: u64,
}

/// Compares lists of identifiers: element by element, a shorter list that
/// is a prefix of the other sorts first.
pub(crate) fn cmp_idents(a: &[Ident], b: &[Ident]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = x.cmp(y);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

/// Precedence: major, minor, patch, then a pre-release sorts before the
/// release and pre-releases compare identifier by identifier.
pub(crate) fn compare(a: &SemVer, b: &SemVer) -> Ordering {
    (a.major, a.minor, a.patch)
        .cmp(&(b.major, b.minor, b.patch))
        .then_with(|| match (a.pre.is_empty(), b.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => cmp_idents(&a.pre, &b.pre),
        })
}

fn number(rules: &Rules, input: &str, text: &str) -> Result<u64, ParseError> {
    let err = |reason: &str| ParseError::new(rules.scheme, input, reason);
    if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
        return Err(err("version numbers must be digits"));
    }
    if !rules.leading_zeros && text.len() > 1 && text.starts_with('0') {
        return Err(err("leading zero in a version number"));
    }
    text.parse::<u64>()
        .ok()
        .filter(|&n| n <= rules.max_number)
        .ok_or_else(|| err("version number too large"))
}

fn idents(
    rules: &Rules,
    input: &str,
    text: &str,
    numeric_zeros: bool,
) -> Result<Box<[Ident]>, ParseError> {
    let err = |reason: &str| ParseError::new(rules.scheme, input, reason);
    text.split('.')
        .map(|id| {
            if id.is_empty() {
                return Err(err("empty identifier"));
            }
            if !id.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
                return Err(err("identifiers may only hold [0-9A-Za-z-]"));
            }
            if id.bytes().all(|c| c.is_ascii_digit()) {
                if !numeric_zeros && id.len() > 1 && id.starts_with('0') {
                    return Err(err("leading zero in a numeric identifier"));
                }
                Ok(Ident::Num(strip_zeros(id.as_bytes()).into()))
            } else {
                Ok(Ident::Alpha(id.into()))
            }
        })
        .collect()
}

/// Parses `text` (already trimmed as the scheme wants) under `rules`;
/// `input` is what error messages quote.
pub(crate) fn parse_with(rules: &Rules, input: &str, text: &str) -> Result<SemVer, ParseError> {
    let err = |reason: &str| ParseError::new(rules.scheme, input, reason);
    let mut s = text;
    if rules.v_prefix {
        s = s.strip_prefix('v').unwrap_or(s);
    }
    let (s, build) = match s.split_once('+') {
        Some((s, b)) => (s, Some(b)),
        None => (s, None),
    };
    let (core, pre) = match s.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (s, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    let (major, minor, patch) = match parts.as_slice() {
        [a, b, c] => (
            number(rules, input, a)?,
            number(rules, input, b)?,
            number(rules, input, c)?,
        ),
        [a, b] if rules.shorthand && pre.is_none() && build.is_none() => {
            (number(rules, input, a)?, number(rules, input, b)?, 0)
        }
        [a] if rules.shorthand && pre.is_none() && build.is_none() => {
            (number(rules, input, a)?, 0, 0)
        }
        _ => return Err(err("expected MAJOR.MINOR.PATCH")),
    };
    let pre = match pre {
        Some(p) => idents(rules, input, p, rules.leading_zeros)?,
        None => Box::new([]),
    };
    let build = match build {
        Some(b) => idents(rules, input, b, true)?,
        None => Box::new([]),
    };
    Ok(SemVer {
        major,
        minor,
        patch,
        pre,
        build,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRICT: Rules = Rules {
        scheme: Scheme::Hex,
        v_prefix: false,
        leading_zeros: false,
        shorthand: false,
        max_number: u64::MAX,
    };

    fn p(s: &str) -> SemVer {
        parse_with(&STRICT, s, s).unwrap()
    }

    #[test]
    fn precedence_follows_the_spec() {
        let order = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "2.0.0",
            "2.1.0",
            "2.1.1",
        ];
        for w in order.windows(2) {
            assert_eq!(compare(&p(w[0]), &p(w[1])), Ordering::Less, "{w:?}");
        }
        assert_eq!(compare(&p("1.0.0+a"), &p("1.0.0+b")), Ordering::Equal);
    }

    #[test]
    fn strictness() {
        for bad in [
            "1.0",
            "01.0.0",
            "1.0.0-01",
            "1.0.0-",
            "1.0.0+",
            "1.0.0-a..b",
            "v1.0.0",
        ] {
            assert!(parse_with(&STRICT, bad, bad).is_err(), "{bad}");
        }
        assert!(parse_with(&STRICT, "1.0.0+001", "1.0.0+001").is_ok());
    }
}
