//! Alpine versions, as apk-tools 3 orders them:
//! `digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}`.
//!
//! The tokenizer mirrors apk-tools' `version.c`: digits after the first
//! compare numerically unless either has a leading zero (then as strings),
//! `_alpha _beta _pre _rc` sort before the plain version and `_cvs _svn
//! _git _hg _p` after, and when one version runs out first the other is
//! newer unless what it has next is a pre-release suffix.

use std::cmp::Ordering;

use crate::{ParseError, Scheme};

/// Token kinds in apk's order: a shorter version compares against the kind
/// of the longer one's next token through this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    CommitHash,
    RevisionNo,
    End,
}

/// Suffix ranks; `NONE` is the pivot between pre- and post-release.
const SUFFIXES: &[(&str, u8)] = &[
    ("alpha", 1),
    ("beta", 2),
    ("pre", 3),
    ("rc", 4),
    ("cvs", 6),
    ("svn", 7),
    ("git", 8),
    ("hg", 9),
    ("p", 10),
];
const SUFFIX_NONE: u8 = 5;

#[derive(Clone, Debug)]
struct Token {
    kind: Kind,
    /// The token's text (digits, letter, suffix name or hash).
    start: u32,
    end: u32,
    /// Digits as apk reads them (wrapping 64-bit), or the suffix rank.
    number: u64,
}

/// A parsed apk version: its text and tokens.
#[derive(Clone, Debug)]
pub(crate) struct ApkVersion {
    text: Box<[u8]>,
    tokens: Box<[Token]>,
}

fn err(input: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Apk, input, reason)
}

fn digits(s: &[u8], pos: usize) -> (usize, u64) {
    let mut end = pos;
    let mut n = 0u64;
    while end < s.len() && s[end].is_ascii_digit() {
        // apk_blob_pull_uint wraps on overflow; so do we, to agree with it.
        n = n.wrapping_mul(10).wrapping_add(u64::from(s[end] - b'0'));
        end += 1;
    }
    (end, n)
}

pub(crate) fn parse(input: &str) -> Result<ApkVersion, ParseError> {
    let s = input.as_bytes();
    if s.len() > u32::MAX as usize {
        return Err(err(input, "version too long"));
    }
    let mut tokens = Vec::new();
    let (end, number) = digits(s, 0);
    if end == 0 {
        return Err(err(input, "version must start with a digit"));
    }
    let push = |tokens: &mut Vec<Token>, kind, start: usize, end: usize, number| {
        tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
            number,
        });
    };
    push(&mut tokens, Kind::InitialDigit, 0, end, number);
    let mut pos = end;
    let mut kind = Kind::InitialDigit;
    while pos < s.len() {
        let c = s[pos];
        match c {
            b'a'..=b'z' => {
                if kind > Kind::Digit {
                    return Err(err(input, "letter in the wrong place"));
                }
                kind = Kind::Letter;
                push(&mut tokens, kind, pos, pos + 1, u64::from(c));
                pos += 1;
            }
            b'.' | b'0'..=b'9' => {
                if c == b'.' {
                    if kind > Kind::Digit {
                        return Err(err(input, "'.' in the wrong place"));
                    }
                    pos += 1;
                }
                kind = match kind {
                    Kind::InitialDigit | Kind::Digit => Kind::Digit,
                    Kind::Suffix => Kind::SuffixNo,
                    _ => return Err(err(input, "digits in the wrong place")),
                };
                let (end, number) = digits(s, pos);
                if end == pos {
                    return Err(err(input, "expected digits"));
                }
                push(&mut tokens, kind, pos, end, number);
                pos = end;
            }
            b'_' => {
                if kind > Kind::SuffixNo {
                    return Err(err(input, "suffix in the wrong place"));
                }
                pos += 1;
                let end = pos
                    + s[pos..]
                        .iter()
                        .take_while(|c| c.is_ascii_lowercase())
                        .count();
                let name = &s[pos..end];
                let Some(&(_, rank)) = SUFFIXES.iter().find(|(n, _)| n.as_bytes() == name) else {
                    return Err(err(input, "unknown suffix"));
                };
                kind = Kind::Suffix;
                push(&mut tokens, kind, pos, end, u64::from(rank));
                pos = end;
            }
            b'~' => {
                if kind >= Kind::CommitHash {
                    return Err(err(input, "commit hash in the wrong place"));
                }
                pos += 1;
                let end = pos
                    + s[pos..]
                        .iter()
                        .take_while(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f'))
                        .count();
                if end == pos {
                    return Err(err(input, "empty commit hash"));
                }
                kind = Kind::CommitHash;
                push(&mut tokens, kind, pos, end, 0);
                pos = end;
            }
            b'-' => {
                if kind >= Kind::RevisionNo || s.get(pos + 1) != Some(&b'r') {
                    return Err(err(input, "'-' must start the final -rN"));
                }
                pos += 2;
                let (end, number) = digits(s, pos);
                if end == pos {
                    return Err(err(input, "revision number is empty"));
                }
                kind = Kind::RevisionNo;
                push(&mut tokens, kind, pos, end, number);
                pos = end;
            }
            _ => return Err(err(input, "invalid character")),
        }
    }
    Ok(ApkVersion {
        text: s.into(),
        tokens: tokens.into(),
    })
}

fn token_cmp(a: &ApkVersion, ta: &Token, b: &ApkVersion, tb: &Token) -> Ordering {
    let text_a = &a.text[ta.start as usize..ta.end as usize];
    let text_b = &b.text[tb.start as usize..tb.end as usize];
    match ta.kind {
        // A leading zero makes apk compare the digits as strings, like
        // Gentoo does ("1.01" < "1.1").
        Kind::Digit if text_a.first() == Some(&b'0') || text_b.first() == Some(&b'0') => {
            text_a.cmp(text_b)
        }
        Kind::CommitHash => text_a.cmp(text_b),
        _ => ta.number.cmp(&tb.number),
    }
}

pub(crate) fn compare(a: &ApkVersion, b: &ApkVersion) -> Ordering {
    let n = a.tokens.len().min(b.tokens.len());
    let mut i = 0;
    while i < n && a.tokens[i].kind == b.tokens[i].kind {
        let ord = token_cmp(a, &a.tokens[i], b, &b.tokens[i]);
        if ord != Ordering::Equal {
            return ord;
        }
        i += 1;
    }
    let next = |v: &ApkVersion| {
        v.tokens
            .get(i)
            .map_or((Kind::End, 0), |t| (t.kind, t.number))
    };
    let (ka, na) = next(a);
    let (kb, nb) = next(b);
    if ka == kb {
        return Ordering::Equal;
    }
    // What follows the common prefix decides: a pre-release suffix makes
    // that side older, otherwise the token kind order does.
    if ka == Kind::Suffix && na < u64::from(SUFFIX_NONE) {
        return Ordering::Less;
    }
    if kb == Kind::Suffix && nb < u64::from(SUFFIX_NONE) {
        return Ordering::Greater;
    }
    kb.cmp(&ka)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn suffixes_and_revisions() {
        assert_eq!(cmp("1.0_alpha1", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0_p1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0-r1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0a", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0a", "1.0.1"), Ordering::Less);
        assert_eq!(cmp("1.01", "1.1"), Ordering::Less);
        assert_eq!(cmp("1.0_rc1", "1.0_beta2"), Ordering::Greater);
    }

    #[test]
    fn validity() {
        for ok in ["1.2", "0.1_pre2~1234abcd", "0.1_git20240101_pre1", "1.0-r0"] {
            assert!(parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "0.1bc",
            "0.1_foobar",
            "0.1-r",
            "0.1-r2_pre1",
            "a",
            ".1",
            "0.1_",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
