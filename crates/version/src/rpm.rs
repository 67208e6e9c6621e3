//! RPM versions: `[epoch:]version[-release]`, ordered as rpm's
//! `labelCompare` orders them (epoch, then `rpmvercmp` on version, then on
//! release).
//!
//! A missing release sorts before any present one, as `rpm.labelCompare`
//! does when one side has no release; a missing epoch is 0.

use std::cmp::Ordering;

use crate::num::cmp_digits;
use crate::{ParseError, Scheme};

/// A parsed RPM EVR.
#[derive(Clone, Debug)]
pub(crate) struct RpmVersion {
    epoch: Box<[u8]>,
    version: Box<[u8]>,
    release: Option<Box<[u8]>>,
}

fn err(input: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Rpm, input, reason)
}

pub(crate) fn parse(input: &str) -> Result<RpmVersion, ParseError> {
    let s = input.trim();
    if s.is_empty() {
        return Err(err(input, "version string is empty"));
    }
    if s.chars().any(char::is_whitespace) {
        return Err(err(input, "version string has embedded spaces"));
    }
    // rpm's strings are C strings: a NUL (or any control character) cannot
    // be part of a real version.
    if s.chars().any(char::is_control) {
        return Err(err(input, "control character in version"));
    }
    // rpm's parseEVR: leading digits followed by ':' are the epoch.
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (epoch, rest) = if s.as_bytes().get(digits) == Some(&b':') {
        (&s[..digits], &s[digits + 1..])
    } else {
        ("0", s)
    };
    if rest.contains(':') {
        return Err(err(input, "epoch is not a number"));
    }
    let (version, release) = match rest.rfind('-') {
        Some(h) => (&rest[..h], Some(&rest[h + 1..])),
        None => (rest, None),
    };
    if version.is_empty() {
        return Err(err(input, "version is empty"));
    }
    if release == Some("") {
        return Err(err(input, "release is empty"));
    }
    Ok(RpmVersion {
        epoch: epoch.as_bytes().into(),
        version: version.as_bytes().into(),
        release: release.map(|r| r.as_bytes().into()),
    })
}

pub(crate) fn compare(a: &RpmVersion, b: &RpmVersion) -> Ordering {
    cmp_digits(&a.epoch, &b.epoch)
        .then_with(|| rpmvercmp(&a.version, &b.version))
        .then_with(|| match (&a.release, &b.release) {
            (Some(x), Some(y)) => rpmvercmp(x, y),
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
        })
}

/// rpm's segment comparison of one version or release string: separators
/// are skipped, `~` sorts before everything (even the end), `^` after the
/// end but before anything else, numeric segments beat alphabetic ones,
/// and whichever string has segments left over wins.
pub(crate) fn rpmvercmp(a: &[u8], b: &[u8]) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let at = |i: usize| a.get(i).copied().unwrap_or(0);
    let bt = |j: usize| b.get(j).copied().unwrap_or(0);
    let is_sep = |c: u8| c != 0 && !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        while is_sep(at(i)) {
            i += 1;
        }
        while is_sep(bt(j)) {
            j += 1;
        }
        if at(i) == b'~' || bt(j) == b'~' {
            if at(i) != b'~' {
                return Ordering::Greater;
            }
            if bt(j) != b'~' {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if at(i) == b'^' || bt(j) == b'^' {
            if i >= a.len() {
                return Ordering::Less;
            }
            if j >= b.len() {
                return Ordering::Greater;
            }
            if at(i) != b'^' {
                return Ordering::Greater;
            }
            if bt(j) != b'^' {
                return Ordering::Less;
            }
            i += 1;
            j += 1;
            continue;
        }
        if i >= a.len() || j >= b.len() {
            break;
        }
        let numeric = at(i).is_ascii_digit();
        let class = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        let (si, sj) = (i, j);
        while i < a.len() && class(a[i]) {
            i += 1;
        }
        while j < b.len() && class(b[j]) {
            j += 1;
        }
        // The other side has a segment of the other kind here: numbers
        // are newer than letters.
        if j == sj {
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let (x, y) = (&a[si..i], &b[sj..j]);
        let ord = if numeric { cmp_digits(x, y) } else { x.cmp(y) };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    match (i >= a.len(), j >= b.len()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments() {
        assert_eq!(rpmvercmp(b"1.0~rc1", b"1.0"), Ordering::Less);
        assert_eq!(rpmvercmp(b"1.0^1", b"1.0"), Ordering::Greater);
        assert_eq!(rpmvercmp(b"1.0^1", b"1.0.1"), Ordering::Less);
        assert_eq!(rpmvercmp(b"1.a", b"1.1"), Ordering::Less);
        assert_eq!(rpmvercmp(b"1.0", b"1_0"), Ordering::Equal);
        assert_eq!(rpmvercmp(b"1.01", b"1.1"), Ordering::Equal);
    }

    #[test]
    fn evr() {
        let p = |s| parse(s).unwrap();
        assert_eq!(compare(&p("1:1.0-1"), &p("2.0-1")), Ordering::Greater);
        assert_eq!(compare(&p("0:1.0-1"), &p("1.0-1")), Ordering::Equal);
        assert_eq!(compare(&p("1.0"), &p("1.0-1")), Ordering::Less);
        assert!(parse("1.0-").is_err());
        assert!(parse("a:1.0").is_err());
        // Found by fuzzing: an embedded NUL broke antisymmetry.
        assert!(parse("\0`").is_err());
    }
}
