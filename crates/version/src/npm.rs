//! npm versions and ranges, as node's `semver` package (strict mode, no
//! `includePrerelease`) parses and matches them.
//!
//! Ranges are desugared the way node-semver does it: `||` separates
//! alternatives, `A - B` is a hyphen range, `~`, `^` and x-ranges (`1.x`,
//! `1.2.*`, `1`) become pairs of comparators, and a pre-release version
//! only satisfies a set that has a comparator with a pre-release on the
//! same `major.minor.patch`.

use std::cmp::Ordering;

use crate::semver2::{self, Rules, SemVer};
use crate::{ParseError, Scheme};

/// JavaScript's `Number.MAX_SAFE_INTEGER`, node-semver's limit.
const MAX_SAFE_INTEGER: u64 = 9_007_199_254_740_991;
/// node-semver's `MAX_LENGTH`.
const MAX_LENGTH: usize = 256;

const RULES: Rules = Rules {
    scheme: Scheme::Npm,
    v_prefix: true,
    leading_zeros: false,
    shorthand: false,
    max_number: MAX_SAFE_INTEGER,
};

/// JavaScript's `String.prototype.trim` whitespace, close enough: Unicode
/// white space plus the BOM.
fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

pub(crate) fn parse(input: &str) -> Result<SemVer, ParseError> {
    if input.len() > MAX_LENGTH {
        return Err(ParseError::new(
            Scheme::Npm,
            input,
            "longer than 256 characters",
        ));
    }
    semver2::parse_with(&RULES, input, input.trim_matches(is_js_space))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// One comparator; `None` is node-semver's ANY (matches everything).
type Comparator = Option<(Op, SemVer)>;

fn test(c: &Comparator, v: &SemVer) -> bool {
    let Some((op, bound)) = c else {
        return true;
    };
    let ord = semver2::compare(v, bound);
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
    }
}

fn test_set(set: &[Comparator], v: &SemVer) -> bool {
    if !set.iter().all(|c| test(c, v)) {
        return false;
    }
    if v.pre.is_empty() {
        return true;
    }
    // A pre-release only matches when the range names a pre-release of
    // the same release, so `^1.0.0` does not pull in `1.1.0-beta`.
    set.iter()
        .flatten()
        .any(|(_, bound)| !bound.pre.is_empty() && bound.same_release(v))
}

/// A partial version of an x-range: `None` parts are `x`, `X`, `*` or
/// missing.
#[derive(Debug)]
struct Partial {
    major: Option<u64>,
    minor: Option<u64>,
    patch: Option<u64>,
    /// Only when all three numbers are given.
    full: Option<SemVer>,
}

fn range_err(range: &str, reason: &str) -> ParseError {
    ParseError::new(Scheme::Npm, range, format!("invalid range: {reason}"))
}

fn partial_part(range: &str, text: Option<&str>) -> Result<Option<u64>, ParseError> {
    match text {
        None | Some("x" | "X" | "*") => Ok(None),
        Some(t) => {
            if t.is_empty()
                || !t.bytes().all(|c| c.is_ascii_digit())
                || (t.len() > 1 && t.starts_with('0'))
            {
                return Err(range_err(range, "bad version number"));
            }
            t.parse::<u64>()
                .ok()
                .filter(|&n| n <= MAX_SAFE_INTEGER)
                .map(Some)
                .ok_or_else(|| range_err(range, "version number too large"))
        }
    }
}

/// Parses `[v=]*M[.m[.p[-pre][+build]]]` with x wildcards.
fn parse_partial(range: &str, text: &str) -> Result<Partial, ParseError> {
    let body = text.trim_start_matches(['v', '=']);
    if body.is_empty() {
        return Err(range_err(range, "missing version"));
    }
    // Pre-release and build only follow a third part.
    let mut parts = body.splitn(3, '.');
    let m = parts.next();
    let n = parts.next();
    let rest = parts.next();
    let (p, tail) = match rest {
        Some(r) => {
            let end = r.find(['-', '+']).unwrap_or(r.len());
            (Some(&r[..end]), &r[end..])
        }
        None => (None, ""),
    };
    let major = partial_part(range, m)?;
    let minor = partial_part(range, n)?;
    let patch = partial_part(range, p)?;
    let full = match (major, minor, patch) {
        (Some(a), Some(b), Some(c)) => {
            let text = format!("{a}.{b}.{c}{tail}");
            Some(
                semver2::parse_with(&RULES, range, &text)
                    .map_err(|e| range_err(range, &e.reason))?,
            )
        }
        _ => {
            if !tail.is_empty() {
                // node-semver's x-range grammar still accepts a pre-release
                // after an x patch, and then ignores it.
                semver2::parse_with(&RULES, range, &format!("0.0.0{tail}"))
                    .map_err(|e| range_err(range, &e.reason))?;
            }
            None
        }
    };
    Ok(Partial {
        major,
        minor,
        patch,
        full,
    })
}

fn ge(v: SemVer) -> Comparator {
    Some((Op::Ge, v))
}

fn lt(v: SemVer) -> Comparator {
    Some((Op::Lt, v))
}

fn bump(range: &str, n: u64) -> Result<u64, ParseError> {
    n.checked_add(1)
        .filter(|&n| n <= MAX_SAFE_INTEGER)
        .ok_or_else(|| range_err(range, "version number too large"))
}

/// `<0.0.0-0`: matches nothing.
fn null_set() -> Comparator {
    lt(SemVer::new(0, 0, 0).with_pre_zero())
}

fn tilde(range: &str, x: &Partial, out: &mut Vec<Comparator>) -> Result<(), ParseError> {
    match (x.major, x.minor, x.patch) {
        (None, _, _) => out.push(None),
        (Some(m), None, _) => {
            out.push(ge(SemVer::new(m, 0, 0)));
            out.push(lt(SemVer::new(bump(range, m)?, 0, 0).with_pre_zero()));
        }
        (Some(m), Some(n), None) => {
            out.push(ge(SemVer::new(m, n, 0)));
            out.push(lt(SemVer::new(m, bump(range, n)?, 0).with_pre_zero()));
        }
        (Some(m), Some(n), Some(_)) => {
            let mut low = x.full.clone().unwrap_or_else(|| SemVer::new(m, n, 0));
            low.build = Box::new([]);
            out.push(ge(low));
            out.push(lt(SemVer::new(m, bump(range, n)?, 0).with_pre_zero()));
        }
    }
    Ok(())
}

fn caret(range: &str, x: &Partial, out: &mut Vec<Comparator>) -> Result<(), ParseError> {
    match (x.major, x.minor, x.patch) {
        (None, _, _) => out.push(None),
        (Some(m), None, _) => {
            out.push(ge(SemVer::new(m, 0, 0)));
            out.push(lt(SemVer::new(bump(range, m)?, 0, 0).with_pre_zero()));
        }
        (Some(m), Some(n), None) => {
            out.push(ge(SemVer::new(m, n, 0)));
            out.push(lt(if m == 0 {
                SemVer::new(0, bump(range, n)?, 0)
            } else {
                SemVer::new(bump(range, m)?, 0, 0)
            }
            .with_pre_zero()));
        }
        (Some(m), Some(n), Some(p)) => {
            let mut low = x.full.clone().unwrap_or_else(|| SemVer::new(m, n, p));
            low.build = Box::new([]);
            out.push(ge(low));
            out.push(lt(if m == 0 && n == 0 {
                SemVer::new(0, 0, bump(range, p)?)
            } else if m == 0 {
                SemVer::new(0, bump(range, n)?, 0)
            } else {
                SemVer::new(bump(range, m)?, 0, 0)
            }
            .with_pre_zero()));
        }
    }
    Ok(())
}

fn xrange(
    range: &str,
    op: Option<Op>,
    x: &Partial,
    out: &mut Vec<Comparator>,
) -> Result<(), ParseError> {
    if let Some(full) = &x.full {
        out.push(Some((op.unwrap_or(Op::Eq), full.clone())));
        return Ok(());
    }
    let Some(m) = x.major else {
        out.push(match op {
            Some(Op::Lt | Op::Gt) => null_set(),
            _ => None,
        });
        return Ok(());
    };
    let minor_x = x.minor.is_none();
    let n = x.minor.unwrap_or(0);
    match op {
        None | Some(Op::Eq) => {
            out.push(ge(SemVer::new(m, n, 0)));
            out.push(lt(if minor_x {
                SemVer::new(bump(range, m)?, 0, 0)
            } else {
                SemVer::new(m, bump(range, n)?, 0)
            }
            .with_pre_zero()));
        }
        Some(Op::Gt) => out.push(ge(if minor_x {
            SemVer::new(bump(range, m)?, 0, 0)
        } else {
            SemVer::new(m, bump(range, n)?, 0)
        })),
        Some(Op::Le) => out.push(lt(if minor_x {
            SemVer::new(bump(range, m)?, 0, 0)
        } else {
            SemVer::new(m, bump(range, n)?, 0)
        }
        .with_pre_zero())),
        Some(Op::Lt) => out.push(lt(SemVer::new(m, n, 0).with_pre_zero())),
        Some(Op::Ge) => out.push(ge(SemVer::new(m, n, 0))),
    }
    Ok(())
}

/// One whitespace-free comparator token (`>=1.2`, `^1`, `~1.2.3`, `*`).
fn comparator(range: &str, token: &str, out: &mut Vec<Comparator>) -> Result<(), ParseError> {
    if let Some(rest) = token.strip_prefix('^') {
        return caret(range, &parse_partial(range, rest)?, out);
    }
    if let Some(rest) = token.strip_prefix('~') {
        let rest = rest.strip_prefix('>').unwrap_or(rest);
        return tilde(range, &parse_partial(range, rest)?, out);
    }
    let (op, rest) = [
        (">=", Op::Ge),
        ("<=", Op::Le),
        (">", Op::Gt),
        ("<", Op::Lt),
        ("=", Op::Eq),
    ]
    .iter()
    .find_map(|&(t, op)| token.strip_prefix(t).map(|r| (Some(op), r)))
    .unwrap_or((None, token));
    let x = parse_partial(range, rest)?;
    if x.full.is_some() {
        // A complete version only takes an optional `v` after the operator.
        let plain = rest.strip_prefix('v').unwrap_or(rest);
        if plain.starts_with(['v', '=']) {
            return Err(range_err(range, "unexpected prefix"));
        }
    }
    xrange(range, op, &x, out)
}

/// Parses one `||` alternative into its comparators.
fn parse_set(range: &str, part: &str) -> Result<Vec<Comparator>, ParseError> {
    let words: Vec<&str> = part.split_whitespace().collect();
    let mut out = Vec::new();
    // `A - B` hyphen range.
    if words.len() == 3 && words[1] == "-" {
        let from = parse_partial(range, words[0])?;
        let to = parse_partial(range, words[2])?;
        match (from.major, from.minor, from.patch, &from.full) {
            (None, ..) => out.push(None),
            (Some(m), None, ..) => out.push(ge(SemVer::new(m, 0, 0))),
            (Some(m), Some(n), None, _) => out.push(ge(SemVer::new(m, n, 0))),
            (.., Some(full)) => out.push(ge(full.clone())),
            _ => out.push(None),
        }
        match (to.major, to.minor, to.patch, &to.full) {
            (None, ..) => out.push(None),
            (Some(m), None, ..) => out.push(lt(SemVer::new(bump(range, m)?, 0, 0).with_pre_zero())),
            (Some(m), Some(n), None, _) => {
                out.push(lt(SemVer::new(m, bump(range, n)?, 0).with_pre_zero()));
            }
            (.., Some(full)) => out.push(Some((Op::Le, full.clone()))),
            _ => out.push(None),
        }
        return Ok(gte0_is_any(out));
    }
    // Operators may be separated from their version by spaces.
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        let is_op = matches!(w, ">=" | "<=" | ">" | "<" | "=" | "~" | "~>" | "^");
        if is_op {
            let Some(next) = words.get(i + 1) else {
                return Err(range_err(range, "operator without a version"));
            };
            comparator(range, &format!("{w}{next}"), &mut out)?;
            i += 2;
        } else {
            comparator(range, w, &mut out)?;
            i += 1;
        }
    }
    Ok(gte0_is_any(out))
}

/// node-semver rewrites every `>=0.0.0` it produces into `*`, which
/// matters for pre-releases (`*` takes no part in the pre-release rule).
fn gte0_is_any(mut set: Vec<Comparator>) -> Vec<Comparator> {
    let zero = SemVer::new(0, 0, 0);
    for c in &mut set {
        if matches!(c, Some((Op::Ge, v)) if *v == zero) {
            *c = None;
        }
    }
    if set.is_empty() {
        set.push(None);
    }
    set
}

/// A parsed npm range: alternatives of comparator sets.
#[derive(Debug)]
pub(crate) struct Range {
    sets: Vec<Vec<Comparator>>,
}

pub(crate) fn parse_range(range: &str) -> Result<Range, ParseError> {
    let sets = range
        .trim_matches(is_js_space)
        .split("||")
        .map(|part| parse_set(range, part))
        .collect::<Result<Vec<_>, _>>()?;
    // node-semver keeps only a match-anything alternative when there is
    // one, which matters for pre-releases: `* || 1.0.0-beta` does not
    // match `1.0.0-beta`.
    if sets.len() > 1
        && let Some(any) = sets.iter().find(|set| set.iter().all(Option::is_none))
    {
        return Ok(Range {
            sets: vec![any.clone()],
        });
    }
    Ok(Range { sets })
}

impl Range {
    pub(crate) fn matches(&self, v: &SemVer) -> bool {
        self.sets.iter().any(|set| test_set(set, v))
    }
}

pub(crate) fn satisfies(version: &str, range: &str) -> Result<bool, ParseError> {
    let range = parse_range(range)?;
    let v = parse(version)?;
    Ok(range.matches(&v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str, r: &str) -> bool {
        satisfies(v, r).unwrap()
    }

    #[test]
    fn ranges() {
        assert!(s("1.2.3", "^1.2.0"));
        assert!(!s("2.0.0", "^1.2.0"));
        assert!(s("0.2.5", "^0.2.3"));
        assert!(!s("0.3.0", "^0.2.3"));
        assert!(s("1.2.9", "~1.2.3"));
        assert!(!s("1.3.0", "~1.2.3"));
        assert!(s("1.5.0", "1.x || >=3"));
        assert!(s("3.1.0", "1.x || >=3"));
        assert!(!s("2.0.0", "1.x || >=3"));
        assert!(s("1.5.0", "1.0.0 - 2.0.0"));
        assert!(!s("2.0.1", "1.0.0 - 2.0.0"));
        assert!(s("2.0.9", "1.0 - 2.0"));
        assert!(!s("1.3.0-beta", "^1.2.0"));
        assert!(s("1.2.4-beta", ">=1.2.4-alpha <2"));
        assert!(s("1.0.0", "*"));
        assert!(s("1.0.0", ""));
        assert!(!s("1.0.0-rc1", "*"));
        assert!(s("1.2.3", "> 1.2.2 < 1.3"));
        assert!(!s("0.0.1", "<0.0.0"));
        assert!(satisfies("1.0.0", ">=x.y").is_err());
    }
}
