//! NuGet versions, as `NuGetVersion` parses and `VersionComparer` orders
//! them: up to four numeric parts (missing parts are 0, so `1.0` ==
//! `1.0.0.0`), dot-separated release labels compared case-insensitively
//! (numeric labels numerically and before text), metadata ignored.

use std::cmp::Ordering;

use crate::{ParseError, Scheme};

#[derive(Clone, Debug)]
pub(crate) enum Label {
    /// A label that parses as an `int`.
    Num(i32),
    /// Upper-cased text (NuGet compares with `OrdinalIgnoreCase`).
    Text(Box<str>),
}

/// A parsed NuGet version.
#[derive(Clone, Debug)]
pub(crate) struct NuGetVersion {
    parts: [u32; 4],
    pub(crate) labels: Box<[Label]>,
}

fn err(input: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::NuGet, input, reason)
}

/// NuGet's `IsValidPart`: a non-empty run of `[0-9A-Za-z-]`; where
/// `leading_zeros` is false, an all-digit part may not start with 0.
fn valid_part(p: &str, leading_zeros: bool) -> bool {
    let b = p.as_bytes();
    if b.is_empty() || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        return false;
    }
    leading_zeros || !(b.len() > 1 && b[0] == b'0' && b.iter().all(u8::is_ascii_digit))
}

/// `Int32.TryParse` on a release label: an optional minus sign and digits
/// within `int` (labels hold no white space, the only other thing it
/// allows), so `-1` is the number -1.
fn label_number(l: &str) -> Option<i32> {
    let digits = l.strip_prefix('-').unwrap_or(l);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    l.parse::<i32>().ok()
}

/// One component as `System.Version` parses it (`Int32.TryParse` with
/// `NumberStyles.Integer`): white space around the digits is allowed, a
/// sign cannot occur (`-` and `+` end the numeric section), and the value
/// must fit an `int`.
fn component(text: &str) -> Option<u32> {
    let t = text.trim_matches(|c: char| matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r'));
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse::<i32>().ok().and_then(|n| u32::try_from(n).ok())
}

/// Parses as `NuGetVersion.TryParse` does: trim, split into the numeric
/// section, release labels and metadata at the first `-` or `+` and the
/// next `+`, then check each.
pub(crate) fn parse(input: &str) -> Result<NuGetVersion, ParseError> {
    let s = input.trim();
    let (core, rest) = match s.find(['-', '+']) {
        Some(i) => (&s[..i], Some((s.as_bytes()[i], &s[i + 1..]))),
        None => (s, None),
    };
    let (release, metadata) = match rest {
        None => (None, None),
        Some((b'+', m)) => (None, Some(m)),
        Some((_, r)) => match r.split_once('+') {
            Some((r, m)) => (Some(r), Some(m)),
            None => (Some(r), None),
        },
    };
    // A trailing `-` or `+` stays in the section before it in NuGet's
    // splitter, which then fails to parse.
    if release == Some("") || metadata == Some("") || core.is_empty() {
        return Err(err(input, "empty section"));
    }
    if let Some(m) = metadata
        && !m.split('.').all(|p| valid_part(p, true))
    {
        return Err(err(
            input,
            "metadata may only hold dot-separated [0-9A-Za-z-]",
        ));
    }
    let nums: Vec<&str> = core.split('.').collect();
    if nums.len() > 4 {
        return Err(err(input, "expected one to four numeric parts"));
    }
    let mut parts = [0u32; 4];
    for (slot, text) in parts.iter_mut().zip(&nums) {
        *slot = component(text)
            .ok_or_else(|| err(input, "version parts must be numbers within int"))?;
    }
    let labels = match release {
        None => Box::new([]) as Box<[Label]>,
        Some(r) => r
            .split('.')
            .map(|l| {
                if !valid_part(l, false) {
                    return Err(err(
                        input,
                        "release labels hold [0-9A-Za-z-], numeric ones without leading zeros",
                    ));
                }
                Ok(match label_number(l) {
                    Some(n) => Label::Num(n),
                    None => Label::Text(l.to_ascii_uppercase().into()),
                })
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(NuGetVersion { parts, labels })
}

fn cmp_label(a: &Label, b: &Label) -> Ordering {
    match (a, b) {
        (Label::Num(x), Label::Num(y)) => x.cmp(y),
        (Label::Num(_), Label::Text(_)) => Ordering::Less,
        (Label::Text(_), Label::Num(_)) => Ordering::Greater,
        (Label::Text(x), Label::Text(y)) => x.cmp(y),
    }
}

pub(crate) fn compare(a: &NuGetVersion, b: &NuGetVersion) -> Ordering {
    a.parts
        .cmp(&b.parts)
        .then_with(|| match (a.labels.is_empty(), b.labels.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => {
                for (x, y) in a.labels.iter().zip(b.labels.iter()) {
                    let ord = cmp_label(x, y);
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                a.labels.len().cmp(&b.labels.len())
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn nuget_order() {
        assert_eq!(cmp("1.0", "1.0.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-beta", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0-BETA", "1.0.0-beta"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-beta.2", "1.0.0-beta.10"), Ordering::Less);
        assert_eq!(cmp("1.0.0-1", "1.0.0-alpha"), Ordering::Less);
        assert_eq!(cmp("1.0.0+abc", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0.0.1", "1.0.0"), Ordering::Greater);
        assert_eq!(cmp("01.0", "1.0"), Ordering::Equal);
        assert!(parse("1.2.3.4.5").is_err());
        assert!(parse("1.0.0+").is_err());
        assert!(parse("a").is_err());
        // As NuGet.Versioning: numeric labels without leading zeros,
        // strict metadata, white space around numbers, signed labels.
        assert!(parse("1.0.0-01").is_err());
        assert!(parse("1.0.0+a..b").is_err());
        assert!(parse("1.0.0+a+b").is_err());
        assert!(parse("1.0-").is_err());
        assert_eq!(cmp("1 . 0 -beta", "1.0-beta"), Ordering::Equal);
        assert_eq!(cmp("1.0.0-a.-1", "1.0.0-a.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0-a.-1", "1.0.0-a.-"), Ordering::Less);
    }
}
