//! Requirement syntaxes for schemes without a native one, and the interval
//! notation Maven and NuGet share.
//!
//! Comparator lists: alternatives separated by `||`, each a list of
//! `OP VERSION` separated by commas or spaces, with `=`/`==`, `!=`, `<`,
//! `<=`, `>`, `>=` and Debian's `<<`/`>>`. A version without an operator
//! means equality.

use std::cmp::Ordering;

use crate::{ParseError, Scheme, Version};

fn req_err(scheme: Scheme, req: &str, reason: &str) -> ParseError {
    ParseError::new(scheme, req, format!("invalid requirement: {reason}"))
}

pub(crate) fn satisfies(
    scheme: Scheme,
    version: &str,
    requirement: &str,
) -> Result<bool, ParseError> {
    let v = Version::parse(scheme, version)?;
    if scheme == Scheme::NuGet {
        let parse = |t: &str| Version::parse(scheme, t);
        let cmp = |a: &Version, b: &Version| a.cmp_same_scheme(b).unwrap_or(Ordering::Equal);
        return interval_union(scheme, requirement, &parse, &cmp, &v, false);
    }
    if requirement.trim().is_empty() {
        return Err(req_err(scheme, requirement, "empty"));
    }
    let mut any = false;
    for alt in requirement.split("||") {
        // Glue operators to the version after them: ">= 1.0" is one clause.
        let mut clauses: Vec<String> = Vec::new();
        let mut pending = String::new();
        for word in alt.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
            pending.push_str(word);
            if word.bytes().all(|c| b"<>=!".contains(&c)) {
                continue;
            }
            clauses.push(std::mem::take(&mut pending));
        }
        if !pending.is_empty() || clauses.is_empty() {
            return Err(req_err(scheme, requirement, "operator without a version"));
        }
        let mut all = true;
        for clause in &clauses {
            let ops = [">>", "<<", ">=", "<=", "==", "!=", ">", "<", "="];
            let (op, rest) = ops
                .iter()
                .find_map(|op| clause.strip_prefix(op).map(|r| (*op, r)))
                .unwrap_or(("=", clause.as_str()));
            let bound = Version::parse(scheme, rest)
                .map_err(|e| req_err(scheme, requirement, &e.to_string()))?;
            let ord = v.cmp_same_scheme(&bound).unwrap_or(Ordering::Equal);
            all &= match op {
                ">>" | ">" => ord == Ordering::Greater,
                "<<" | "<" => ord == Ordering::Less,
                ">=" => ord != Ordering::Less,
                "<=" => ord != Ordering::Greater,
                "!=" => ord != Ordering::Equal,
                _ => ord == Ordering::Equal,
            };
        }
        any |= all;
    }
    Ok(any)
}

/// Maven/NuGet interval notation: `[a,b]`, `[a,b)`, `(a,b]`, `(,b)`,
/// `[a,)`, `[a]`, unions separated by commas. A bare version means exactly
/// that version (`bare_is_exact`) or, as in NuGet, at least that version.
pub(crate) fn interval_union<V>(
    scheme: Scheme,
    range: &str,
    parse: &dyn Fn(&str) -> Result<V, ParseError>,
    cmp: &dyn Fn(&V, &V) -> Ordering,
    v: &V,
    bare_is_exact: bool,
) -> Result<bool, ParseError> {
    let text = range.trim();
    if text.is_empty() {
        return Err(req_err(scheme, range, "empty"));
    }
    let wrap = |e: ParseError| req_err(scheme, range, &e.to_string());
    if !text.starts_with(['[', '(']) {
        let bound = parse(text).map_err(wrap)?;
        let ord = cmp(v, &bound);
        return Ok(if bare_is_exact {
            ord == Ordering::Equal
        } else {
            ord != Ordering::Less
        });
    }
    let mut rest = text;
    let mut any = false;
    while !rest.is_empty() {
        let lower_inclusive = match rest.as_bytes()[0] {
            b'[' => true,
            b'(' => false,
            _ => return Err(req_err(scheme, range, "expected '[' or '('")),
        };
        let Some(close) = rest.find([']', ')']) else {
            return Err(req_err(scheme, range, "unclosed interval"));
        };
        let upper_inclusive = rest.as_bytes()[close] == b']';
        let inner = &rest[1..close];
        let hit = match inner.split_once(',') {
            None => {
                if !(lower_inclusive && upper_inclusive) || inner.trim().is_empty() {
                    return Err(req_err(scheme, range, "a single version needs [v]"));
                }
                cmp(v, &parse(inner.trim()).map_err(wrap)?) == Ordering::Equal
            }
            Some((lo, hi)) => {
                let (lo, hi) = (lo.trim(), hi.trim());
                let lo_ok = if lo.is_empty() {
                    true
                } else {
                    let o = cmp(v, &parse(lo).map_err(wrap)?);
                    o == Ordering::Greater || (lower_inclusive && o == Ordering::Equal)
                };
                let hi_ok = if hi.is_empty() {
                    true
                } else {
                    let o = cmp(v, &parse(hi).map_err(wrap)?);
                    o == Ordering::Less || (upper_inclusive && o == Ordering::Equal)
                };
                lo_ok && hi_ok
            }
        };
        any |= hit;
        rest = rest[close + 1..].trim_start();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim_start();
            if rest.is_empty() {
                return Err(req_err(scheme, range, "trailing comma"));
            }
        } else if !rest.is_empty() {
            return Err(req_err(scheme, range, "expected ',' between intervals"));
        }
    }
    Ok(any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparator_lists() {
        let s = |scheme, v, r| satisfies(scheme, v, r).unwrap();
        assert!(s(Scheme::Dpkg, "1.2-1", ">= 1.0, << 2.0"));
        assert!(!s(Scheme::Dpkg, "2.0-1", ">= 1.0, << 2.0"));
        assert!(s(Scheme::Rpm, "1.2-1.el8", ">=1.0 <2.0"));
        assert!(s(Scheme::Apk, "1.2-r1", "<1.0 || >=1.2"));
        assert!(s(Scheme::Go, "v1.2.3", "v1.2.3"));
        assert!(s(Scheme::NuGet, "1.5", "[1.0,2.0)"));
        assert!(s(Scheme::NuGet, "1.5", "1.0"));
        assert!(satisfies(Scheme::Dpkg, "1.0", ">=").is_err());
        assert!(satisfies(Scheme::Dpkg, "1.0", "").is_err());
    }
}
