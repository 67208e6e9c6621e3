//! The explicit fallback for ecosystems without rules of their own. Its
//! answers are a guess ([`crate::Scheme::is_exact`] is false): numbers
//! compare as numbers, letters as case-insensitive text, numbers after a
//! shared prefix beat letters, and a version that continues with letters
//! where the other ends is taken as a pre-release (`1.0rc1` < `1.0`).

use std::cmp::Ordering;

use crate::num::cmp_digits;
use crate::{ParseError, Scheme};

#[derive(Clone, Debug)]
enum Token {
    Num(Box<[u8]>),
    Text(Box<str>),
}

/// A version split into number and letter runs.
#[derive(Clone, Debug)]
pub(crate) struct GenericVersion {
    tokens: Box<[Token]>,
}

pub(crate) fn parse(input: &str) -> Result<GenericVersion, ParseError> {
    let s = input.trim();
    let s = s
        .strip_prefix(['v', 'V'])
        .filter(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        .unwrap_or(s);
    let mut tokens = Vec::new();
    let mut chars = s.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_ascii_digit() {
            let mut end = start + 1;
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                end = i + 1;
                chars.next();
            }
            tokens.push(Token::Num(s.as_bytes()[start..end].into()));
        } else if c.is_alphabetic() {
            let mut end = start + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if !d.is_alphabetic() {
                    break;
                }
                end = i + d.len_utf8();
                chars.next();
            }
            tokens.push(Token::Text(s[start..end].to_lowercase().into()));
        }
    }
    if !tokens.iter().any(|t| matches!(t, Token::Num(_))) {
        return Err(ParseError::new(
            Scheme::Generic,
            input,
            "no number in version",
        ));
    }
    Ok(GenericVersion {
        tokens: tokens.into(),
    })
}

pub(crate) fn compare(a: &GenericVersion, b: &GenericVersion) -> Ordering {
    for i in 0..a.tokens.len().max(b.tokens.len()) {
        let ord = match (a.tokens.get(i), b.tokens.get(i)) {
            (Some(Token::Num(x)), Some(Token::Num(y))) => cmp_digits(x, y),
            (Some(Token::Text(x)), Some(Token::Text(y))) => x.cmp(y),
            (Some(Token::Num(_)), Some(Token::Text(_))) => Ordering::Greater,
            (Some(Token::Text(_)), Some(Token::Num(_))) => Ordering::Less,
            // Extra letters read as a pre-release, extra numbers as newer
            // (zeros alone change nothing).
            (Some(Token::Text(_)), None) => Ordering::Less,
            (None, Some(Token::Text(_))) => Ordering::Greater,
            (Some(Token::Num(x)), None) => cmp_digits(x, b""),
            (None, Some(Token::Num(y))) => cmp_digits(b"", y),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
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
    fn guesses() {
        assert_eq!(cmp("1.10", "1.9"), Ordering::Greater);
        assert_eq!(cmp("1.0rc1", "1.0"), Ordering::Less);
        assert_eq!(cmp("v1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0a", "1.0b"), Ordering::Less);
        assert!(parse("abc").is_err());
    }
}
