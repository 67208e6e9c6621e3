//! Packagist / Composer versions and constraints.
//!
//! Versions are normalised as Composer's `VersionParser::normalize` does
//! (optional `v`, four numeric parts, stability suffixes `dev`, `alpha`/`a`,
//! `beta`/`b`, `RC`, `patch`/`pl`/`p`, build metadata dropped, date
//! versions) and then ordered with PHP's `version_compare`, which is what
//! Composer's constraints use. Branch versions (`dev-main`) have no order
//! and are rejected.

use std::cmp::Ordering;

use crate::num::cmp_digits;
use crate::{ParseError, Scheme};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Num(Box<[u8]>),
    /// The rank of a special form in `version_compare`: dev 0, alpha 1,
    /// beta 2, RC 3, `#` (a number) 4, patch 5, anything else -6.
    Special(i8),
}

/// A normalised Composer version, split as `version_compare` splits it.
#[derive(Clone, Debug)]
pub(crate) struct ComposerVersion {
    parts: Box<[Part]>,
    prerelease: bool,
}

impl ComposerVersion {
    pub(crate) fn is_prerelease(&self) -> bool {
        self.prerelease
    }
}

fn err(input: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Composer, input, reason)
}

fn special_rank(form: &str) -> i8 {
    // PHP matches these as prefixes, in this order.
    const FORMS: &[(&str, i8)] = &[
        ("dev", 0),
        ("alpha", 1),
        ("a", 1),
        ("beta", 2),
        ("b", 2),
        ("RC", 3),
        ("rc", 3),
        ("#", 4),
        ("pl", 5),
        ("p", 5),
    ];
    FORMS
        .iter()
        .find(|(name, _)| form.starts_with(name))
        .map_or(-6, |&(_, rank)| rank)
}

/// PHP's `php_canonicalize_version` followed by the split on dots.
fn canonical_parts(v: &str) -> Vec<Part> {
    let mut canon = String::with_capacity(v.len() * 2);
    let mut last: Option<char> = None;
    for c in v.chars() {
        let is_dig = |x: char| x.is_ascii_digit();
        let is_ndig = |x: char| !x.is_ascii_digit() && x != '.';
        match last {
            None => canon.push(c),
            Some(lp) => {
                if matches!(c, '-' | '_' | '+') {
                    if !canon.ends_with('.') {
                        canon.push('.');
                    }
                } else if (is_ndig(lp) && is_dig(c)) || (is_dig(lp) && is_ndig(c)) {
                    if !canon.ends_with('.') {
                        canon.push('.');
                    }
                    canon.push(c);
                } else if !c.is_ascii_alphanumeric() {
                    if !canon.ends_with('.') {
                        canon.push('.');
                    }
                } else {
                    canon.push(c);
                }
            }
        }
        last = Some(c);
    }
    canon
        .split('.')
        .filter(|p| !p.is_empty())
        .map(|p| {
            if p.bytes().all(|c| c.is_ascii_digit()) {
                Part::Num(crate::num::strip_zeros(p.as_bytes()).into())
            } else {
                Part::Special(special_rank(p))
            }
        })
        .collect()
}

fn expand_stability(s: &str) -> &'static str {
    match s.to_ascii_lowercase().as_str() {
        "a" | "alpha" => "alpha",
        "b" | "beta" => "beta",
        "p" | "pl" | "patch" => "patch",
        "rc" => "RC",
        "dev" => "dev",
        _ => "stable",
    }
}

/// Composer's `normalize`: the canonical text of a version.
pub(crate) fn normalize(input: &str) -> Result<String, ParseError> {
    let mut s = input.trim();
    if let Some((v, _alias)) = s.split_once(" as ") {
        s = v.trim();
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("dev-") || matches!(lower.as_str(), "master" | "trunk" | "default") {
        return Err(err(input, "branch versions have no order"));
    }
    // Build metadata is dropped.
    if let Some((v, meta)) = s.split_once('+') {
        if v.is_empty() || meta.is_empty() || meta.contains(char::is_whitespace) {
            return Err(err(input, "invalid build metadata"));
        }
        s = v;
    }
    let b = s.as_bytes();
    let mut i = 0;
    if b.first().is_some_and(|c| *c == b'v' || *c == b'V') {
        i = 1;
    }
    let digits_at = |i: usize| b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    let mut nums: Vec<&str> = Vec::new();
    let first = digits_at(i);
    if first == 0 {
        return Err(err(input, "version must start with a number"));
    }
    let date = first > 5;
    nums.push(&s[i..i + first]);
    i += first;
    if !date {
        while nums.len() < 4 && b.get(i) == Some(&b'.') && digits_at(i + 1) > 0 {
            let n = digits_at(i + 1);
            nums.push(&s[i + 1..i + 1 + n]);
            i += 1 + n;
        }
    } else {
        // Date versions: YYYYMMDD with optional separated groups.
        while matches!(b.get(i), Some(b'.' | b':' | b'-')) && digits_at(i + 1) > 0 {
            let n = digits_at(i + 1);
            nums.push(&s[i + 1..i + 1 + n]);
            i += 1 + n;
        }
    }
    // Modifier: [._-]? (stable|beta|b|RC|alpha|a|patch|pl|p) ([.-]?\d+)* ([.-]?dev)?
    let rest = &s[i..];
    let rest_l = rest.to_ascii_lowercase();
    let mut r = rest_l.as_str();
    let mut stability = None;
    let mut stab_num = String::new();
    let mut dev = false;
    if !r.is_empty() {
        let body = r.strip_prefix(['.', '_', '-']).unwrap_or(r);
        let names = [
            "stable", "beta", "b", "rc", "alpha", "a", "patch", "pl", "p",
        ];
        if let Some(name) = names.iter().find(|n| body.starts_with(*n)) {
            stability = Some(expand_stability(name));
            r = &body[name.len()..];
            loop {
                let t = r.strip_prefix(['.', '-']).unwrap_or(r);
                let n = t.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 {
                    break;
                }
                stab_num.push_str(&t[..n]);
                r = &t[n..];
            }
        }
        let t = r.strip_prefix(['.', '-']).unwrap_or(r);
        if t == "dev" {
            dev = true;
            r = "";
        }
        if !r.is_empty() {
            return Err(err(input, "invalid version string"));
        }
    }
    let mut out = if date {
        nums.join(".")
    } else {
        let mut parts: Vec<&str> = nums.clone();
        while parts.len() < 4 {
            parts.push("0");
        }
        parts.join(".")
    };
    match stability {
        Some("stable") if !dev => return Ok(out),
        Some("stable") | None => {}
        Some(st) => {
            out.push('-');
            out.push_str(st);
            out.push_str(&stab_num);
        }
    }
    if dev {
        out.push_str("-dev");
    }
    Ok(out)
}

pub(crate) fn parse(input: &str) -> Result<ComposerVersion, ParseError> {
    let normal = normalize(input)?;
    let parts = canonical_parts(&normal);
    let prerelease = parts
        .iter()
        .any(|p| matches!(p, Part::Special(r) if *r < 4));
    Ok(ComposerVersion {
        parts: parts.into(),
        prerelease,
    })
}

fn cmp_part(a: &Part, b: &Part) -> Ordering {
    match (a, b) {
        (Part::Num(x), Part::Num(y)) => cmp_digits(x, y),
        (Part::Special(x), Part::Special(y)) => x.cmp(y),
        (Part::Num(_), Part::Special(y)) => 4.cmp(y),
        (Part::Special(x), Part::Num(_)) => x.cmp(&4),
    }
}

/// PHP's `version_compare` on canonical parts.
fn cmp_parts(a: &[Part], b: &[Part]) -> Ordering {
    let n = a.len().min(b.len());
    for i in 0..n {
        let ord = cmp_part(&a[i], &b[i]);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    const NUMBER: &[Part] = &[Part::Special(4)];
    match (&a[n..], &b[n..]) {
        ([], []) => Ordering::Equal,
        ([Part::Num(_), ..], []) => Ordering::Greater,
        (rest, []) => cmp_parts(rest, NUMBER),
        ([], [Part::Num(_), ..]) => Ordering::Less,
        ([], rest) => cmp_parts(NUMBER, rest),
        _ => Ordering::Equal,
    }
}

pub(crate) fn compare(a: &ComposerVersion, b: &ComposerVersion) -> Ordering {
    cmp_parts(&a.parts, &b.parts)
}

fn c_err(req: &str, reason: &str) -> ParseError {
    ParseError::new(
        Scheme::Composer,
        req,
        format!("invalid constraint: {reason}"),
    )
}

/// Numeric parts of a partial version (`1.2` → [1, 2]), for `^`, `~`,
/// wildcards and hyphen ranges.
fn numeric_prefix(req: &str, text: &str) -> Result<Vec<u64>, ParseError> {
    let t = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let core = t.split(['-', '+', '@']).next().unwrap_or("");
    core.split('.')
        .filter(|p| !matches!(*p, "*" | "x" | "X"))
        .map(|p| p.parse::<u64>().map_err(|_| c_err(req, "expected numbers")))
        .collect()
}

fn version_of(nums: &[u64], dev: bool) -> String {
    let mut parts: Vec<String> = nums.iter().map(u64::to_string).collect();
    while parts.len() < 4 {
        parts.push("0".into());
    }
    let mut s = parts.join(".");
    if dev {
        s.push_str("-dev");
    }
    s
}

/// Bounds as (op, normalised version) pairs for one constraint token.
fn bounds(req: &str, token: &str) -> Result<Vec<(&'static str, String)>, ParseError> {
    // Stability flags (`@dev`) only steer Composer's resolver.
    let token = token.split('@').next().unwrap_or(token);
    if token.is_empty() || token == "*" {
        return Ok(vec![(">=", version_of(&[0], true))]);
    }
    if let Some(rest) = token.strip_prefix('^') {
        let nums = numeric_prefix(req, rest)?;
        let low = normalize(rest).map_err(|e| c_err(req, &e.reason))?;
        let pos = nums
            .iter()
            .position(|&n| n != 0)
            .unwrap_or(nums.len().saturating_sub(1));
        let mut high: Vec<u64> = nums[..=pos.min(nums.len() - 1)].to_vec();
        if let Some(last) = high.last_mut() {
            *last += 1;
        }
        let low = if low.contains('-') {
            low
        } else {
            format!("{low}-dev")
        };
        return Ok(vec![(">=", low), ("<", version_of(&high, true))]);
    }
    if let Some(rest) = token.strip_prefix('~') {
        let nums = numeric_prefix(req, rest)?;
        if nums.is_empty() {
            return Err(c_err(req, "~ needs a version"));
        }
        let low = normalize(rest).map_err(|e| c_err(req, &e.reason))?;
        let low = if low.contains('-') {
            low
        } else {
            format!("{low}-dev")
        };
        let keep = if nums.len() > 1 { nums.len() - 1 } else { 1 };
        let mut high = nums[..keep].to_vec();
        if let Some(last) = high.last_mut() {
            *last += 1;
        }
        return Ok(vec![(">=", low), ("<", version_of(&high, true))]);
    }
    if token.ends_with(".*") || token.ends_with(".x") || token.ends_with(".X") {
        let mut nums = numeric_prefix(req, token)?;
        let low = version_of(&nums, true);
        if let Some(last) = nums.last_mut() {
            *last += 1;
        }
        return Ok(vec![(">=", low), ("<", version_of(&nums, true))]);
    }
    let ops = [">=", "<=", "<>", "!=", "==", ">", "<", "="];
    let (op, rest) = ops
        .iter()
        .find_map(|op| token.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("==", token));
    let op = match op {
        "=" => "==",
        "<>" => "!=",
        o => o,
    };
    let mut v = normalize(rest).map_err(|e| c_err(req, &e.reason))?;
    // Composer lets `<1.0` and `>=1.0` cover 1.0's pre-releases' neighbours
    // the same way: without an explicit stability they bound at `-dev`.
    if (op == "<" || op == ">=") && !v.contains('-') {
        v.push_str("-dev");
    }
    Ok(vec![(op, v)])
}

pub(crate) fn satisfies(version: &str, constraint: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    if constraint.trim().is_empty() {
        return Err(c_err(constraint, "empty"));
    }
    let mut any = false;
    for alt in constraint.split("||").flat_map(|a| a.split('|')) {
        let alt = alt.trim();
        // Hyphen range: `1.0 - 2.0`.
        let mut clauses: Vec<(&'static str, String)> = Vec::new();
        if let Some((lo, hi)) = alt.split_once(" - ") {
            let low = normalize(lo.trim()).map_err(|e| c_err(constraint, &e.reason))?;
            let low = if low.contains('-') {
                low
            } else {
                format!("{low}-dev")
            };
            clauses.push((">=", low));
            let hi = hi.trim();
            let nums = numeric_prefix(constraint, hi)?;
            if nums.len() < 3 && !hi.contains('-') {
                let mut up = nums;
                if let Some(last) = up.last_mut() {
                    *last += 1;
                }
                clauses.push(("<", version_of(&up, true)));
            } else {
                clauses.push((
                    "<=",
                    normalize(hi).map_err(|e| c_err(constraint, &e.reason))?,
                ));
            }
        } else {
            let words: Vec<&str> = alt.split([',', ' ']).filter(|w| !w.is_empty()).collect();
            let mut i = 0;
            while i < words.len() {
                let mut token = words[i].to_owned();
                if token.bytes().all(|c| b"<>=!~^".contains(&c)) {
                    let Some(next) = words.get(i + 1) else {
                        return Err(c_err(constraint, "operator without a version"));
                    };
                    token.push_str(next);
                    i += 1;
                }
                clauses.extend(bounds(constraint, &token)?);
                i += 1;
            }
        }
        if clauses.is_empty() {
            return Err(c_err(constraint, "empty alternative"));
        }
        let mut all = true;
        for (op, bound) in &clauses {
            let b = parse(bound).map_err(|e| c_err(constraint, &e.reason))?;
            let ord = compare(&v, &b);
            all &= match *op {
                ">=" => ord != Ordering::Less,
                "<=" => ord != Ordering::Greater,
                ">" => ord == Ordering::Greater,
                "<" => ord == Ordering::Less,
                "!=" => ord != Ordering::Equal,
                _ => ord == Ordering::Equal,
            };
        }
        any |= all;
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("1.0").unwrap(), "1.0.0.0");
        assert_eq!(normalize("v1.2.3").unwrap(), "1.2.3.0");
        assert_eq!(normalize("1.0.0-beta.2").unwrap(), "1.0.0.0-beta2");
        assert_eq!(normalize("1.0.0RC1").unwrap(), "1.0.0.0-RC1");
        assert_eq!(normalize("1.0-dev").unwrap(), "1.0.0.0-dev");
        assert_eq!(normalize("1.0.0-stable").unwrap(), "1.0.0.0");
        assert_eq!(normalize("1.0.0+build.1").unwrap(), "1.0.0.0");
        assert_eq!(normalize("20230101").unwrap(), "20230101");
        assert!(normalize("dev-main").is_err());
        assert!(normalize("garbage").is_err());
    }

    #[test]
    fn ordering() {
        assert_eq!(cmp("1.0.0-dev", "1.0.0-alpha1"), Ordering::Less);
        assert_eq!(cmp("1.0.0-alpha1", "1.0.0-beta1"), Ordering::Less);
        assert_eq!(cmp("1.0.0-RC1", "1.0.0"), Ordering::Less);
        assert_eq!(cmp("1.0.0", "1.0.0-patch1"), Ordering::Less);
        assert_eq!(cmp("v1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0.10", "1.0.9"), Ordering::Greater);
    }

    #[test]
    fn constraints() {
        let s = |v, c| satisfies(v, c).unwrap();
        assert!(s("1.5.0", "^1.2"));
        assert!(!s("2.0.0", "^1.2"));
        assert!(s("0.3.5", "^0.3"));
        assert!(!s("0.4.0", "^0.3"));
        assert!(s("1.2.9", "~1.2.3"));
        assert!(!s("1.3.0", "~1.2.3"));
        assert!(s("1.9", "~1.2"));
        assert!(s("1.2.7", "1.2.*"));
        assert!(s("1.5", ">=1.0 <2.0"));
        assert!(s("1.5", ">=1.0,<2.0"));
        assert!(s("3.0", "<1.0 || >=3.0"));
        assert!(s("2.0.5", "1.0 - 2.0"));
        assert!(!s("2.1.0", "1.0 - 2.0"));
        assert!(!s("2.0.0-beta1", "<2.0"));
    }
}
