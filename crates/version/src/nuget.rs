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

pub(crate) fn parse(input: &str) -> Result<NuGetVersion, ParseError> {
    let s = input.trim();
    let s = match s.split_once('+') {
        Some((_, "")) => return Err(err(input, "empty metadata")),
        Some((v, _)) => v,
        None => s,
    };
    let (core, release) = match s.split_once('-') {
        Some((c, r)) => (c, Some(r)),
        None => (s, None),
    };
    let nums: Vec<&str> = core.split('.').collect();
    if nums.is_empty() || nums.len() > 4 {
        return Err(err(input, "expected one to four numeric parts"));
    }
    let mut parts = [0u32; 4];
    for (slot, text) in parts.iter_mut().zip(&nums) {
        if text.is_empty() || !text.bytes().all(|c| c.is_ascii_digit()) {
            return Err(err(input, "version parts must be numbers"));
        }
        *slot = text
            .parse::<i32>()
            .ok()
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| err(input, "version part too large"))?;
    }
    let labels = match release {
        None => Box::new([]) as Box<[Label]>,
        Some(r) => r
            .split('.')
            .map(|l| {
                if l.is_empty() || !l.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-') {
                    return Err(err(input, "release labels may only hold [0-9A-Za-z-]"));
                }
                Ok(match l.parse::<i32>() {
                    Ok(n) if l.bytes().all(|c| c.is_ascii_digit()) => Label::Num(n),
                    _ => Label::Text(l.to_ascii_uppercase().into()),
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
    }
}
