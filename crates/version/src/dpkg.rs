//! Debian versions: `[epoch:]upstream[-revision]`, ordered as
//! `dpkg --compare-versions` orders them.
//!
//! Parsing follows dpkg's `parseversion()`; what dpkg only warns about
//! (upstream not starting with a digit, characters outside the allowed
//! sets) is an error here, as `Dpkg::Version->is_valid` says, because a
//! version dpkg would refuse to install cannot be trusted to compare well.

use std::cmp::Ordering;

use crate::{ParseError, Scheme};

/// A parsed Debian version.
#[derive(Clone, Debug)]
pub(crate) struct DpkgVersion {
    epoch: u32,
    upstream: Box<[u8]>,
    revision: Box<[u8]>,
}

fn err(input: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Dpkg, input, reason)
}

pub(crate) fn parse(input: &str) -> Result<DpkgVersion, ParseError> {
    // dpkg skips leading blanks only, and cuts the version at the first
    // whitespace; anything but whitespace after that is an error.
    let s = input.trim_start_matches([' ', '\t']);
    if s.is_empty() {
        return Err(err(input, "version string is empty"));
    }
    let end = s
        .find(|c: char| c.is_ascii_whitespace() || c == '\x0b')
        .unwrap_or(s.len());
    if !s[end..]
        .trim_matches(|c: char| c.is_ascii_whitespace() || c == '\x0b')
        .is_empty()
    {
        return Err(err(input, "version string has embedded spaces"));
    }
    if end == 0 {
        return Err(err(input, "version string is empty"));
    }
    let s = &s[..end];

    let (epoch, rest) = match s.find(':') {
        Some(colon) => (parse_epoch(input, &s[..colon])?, &s[colon + 1..]),
        None => (0, s),
    };
    if rest.is_empty() {
        return Err(err(input, "nothing after colon in version number"));
    }
    let (upstream, revision) = match rest.rfind('-') {
        Some(hyphen) => {
            let revision = &rest[hyphen + 1..];
            if revision.is_empty() {
                return Err(err(input, "revision number is empty"));
            }
            (&rest[..hyphen], revision)
        }
        None => (rest, ""),
    };
    let Some(first) = upstream.bytes().next() else {
        return Err(err(input, "upstream version is empty"));
    };
    if !first.is_ascii_digit() {
        return Err(err(input, "version number does not start with digit"));
    }
    if upstream
        .bytes()
        .any(|c| !c.is_ascii_alphanumeric() && !b".-+~:".contains(&c))
    {
        return Err(err(input, "invalid character in version number"));
    }
    if revision
        .bytes()
        .any(|c| !c.is_ascii_alphanumeric() && !b".+~".contains(&c))
    {
        return Err(err(input, "invalid character in revision number"));
    }
    Ok(DpkgVersion {
        epoch,
        upstream: upstream.as_bytes().into(),
        revision: revision.as_bytes().into(),
    })
}

/// dpkg reads the epoch with `strtol`, so a sign is accepted and the value
/// must fit an `int`.
fn parse_epoch(input: &str, text: &str) -> Result<u32, ParseError> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(err(
            input,
            if text.is_empty() {
                "epoch in version is empty"
            } else {
                "epoch in version is not number"
            },
        ));
    }
    let value = digits
        .bytes()
        .try_fold(0u64, |acc, c| {
            acc.checked_mul(10)?.checked_add(u64::from(c - b'0'))
        })
        .filter(|&v| v <= i32::MAX as u64)
        .ok_or_else(|| err(input, "epoch in version is too big"))?;
    if negative && value != 0 {
        return Err(err(input, "epoch in version is negative"));
    }
    // Checked against i32::MAX above.
    Ok(value as u32)
}

pub(crate) fn compare(a: &DpkgVersion, b: &DpkgVersion) -> Ordering {
    a.epoch
        .cmp(&b.epoch)
        .then_with(|| verrevcmp(&a.upstream, &b.upstream))
        .then_with(|| verrevcmp(&a.revision, &b.revision))
}

/// Sort weight of a non-digit character: `~` before the end of the string,
/// letters next, then everything else.
#[inline]
fn order(c: u8) -> i32 {
    match c {
        b'0'..=b'9' | 0 => 0,
        b'a'..=b'z' | b'A'..=b'Z' => i32::from(c),
        b'~' => -1,
        _ => i32::from(c) + 256,
    }
}

/// dpkg's comparison of one upstream or revision part: alternating
/// non-digit runs (compared by [`order`]) and digit runs (numerically).
fn verrevcmp(a: &[u8], b: &[u8]) -> Ordering {
    let at = |i: usize| a.get(i).copied().unwrap_or(0);
    let bt = |j: usize| b.get(j).copied().unwrap_or(0);
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        while (i < a.len() && !at(i).is_ascii_digit()) || (j < b.len() && !bt(j).is_ascii_digit()) {
            let (ac, bc) = (order(at(i)), order(bt(j)));
            if ac != bc {
                return ac.cmp(&bc);
            }
            i += 1;
            j += 1;
        }
        while at(i) == b'0' {
            i += 1;
        }
        while bt(j) == b'0' {
            j += 1;
        }
        let mut first_diff = Ordering::Equal;
        while at(i).is_ascii_digit() && bt(j).is_ascii_digit() {
            if first_diff == Ordering::Equal {
                first_diff = at(i).cmp(&bt(j));
            }
            i += 1;
            j += 1;
        }
        if at(i).is_ascii_digit() {
            return Ordering::Greater;
        }
        if bt(j).is_ascii_digit() {
            return Ordering::Less;
        }
        if first_diff != Ordering::Equal {
            return first_diff;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn tilde_sorts_before_everything() {
        assert_eq!(cmp("1.0~rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0~~", "1.0~"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0+b1"), Ordering::Less);
        assert_eq!(cmp("1:0.1", "2.0"), Ordering::Greater);
        assert_eq!(cmp("1.0", "1.0-0"), Ordering::Equal);
        assert_eq!(cmp("1.0a", "1.0+"), Ordering::Less);
    }

    #[test]
    fn invalid_versions_are_errors() {
        for bad in ["", " ", "1.0-", "a1", "1.0 1", "1:", "x:1", "-1:1", "1_0"] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert!(parse(" 1.0\t").is_ok());
        assert!(parse("-0:1").is_ok());
    }
}
