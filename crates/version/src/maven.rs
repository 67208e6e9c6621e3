//! Maven versions, ordered as Maven's `ComparableVersion` (maven-artifact
//! 3.8) orders them, and Maven version ranges (`[1.0,2.0)`, `(,1.5]`,
//! `[1.2]`, unions `[1,2),[3,4)`).
//!
//! A version is split at `.` and `-` and at every switch between digits
//! and letters; `-` and digit/letter switches open a nested list. Known
//! qualifiers sort `alpha < beta < milestone < rc < snapshot < "" (release)
//! < sp`, unknown ones after them alphabetically, trailing "null" items
//! (`0`, `ga`, `final`, `release`) are dropped.

use std::cmp::Ordering;

use crate::num::{cmp_digits, is_zero, strip_zeros};
use crate::{ParseError, Scheme};

#[derive(Clone, Debug)]
enum Item {
    /// Maven's int, long or big-integer item (class 0, 1, 2) and its digits
    /// without leading zeros. The class is picked by length, and Maven
    /// strips leading zeros only from non-zero numbers, so `00000000000`
    /// is a long 0, which sorts above every int.
    Num(u8, Box<[u8]>),
    /// A qualifier, kept as its comparable key: the index of a known
    /// qualifier, or "7-" followed by the qualifier.
    Str(Box<str>),
    List(Vec<Item>),
}

/// Maven's known qualifiers in order; "" is the release itself.
const QUALIFIERS: &[&str] = &["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
/// The comparable key of "" (a release).
const RELEASE: &str = "5";

fn comparable_qualifier(q: &str) -> Box<str> {
    match QUALIFIERS.iter().position(|k| *k == q) {
        Some(i) => i.to_string().into(),
        None => format!("{}-{q}", QUALIFIERS.len()).into(),
    }
}

fn string_item(value: &str, followed_by_digit: bool) -> Item {
    let value = match (followed_by_digit, value) {
        (true, "a") => "alpha",
        (true, "b") => "beta",
        (true, "m") => "milestone",
        _ => value,
    };
    let value = match value {
        "ga" | "final" | "release" => "",
        "cr" => "rc",
        v => v,
    };
    Item::Str(comparable_qualifier(value))
}

fn number(text: &str) -> Item {
    let digits = strip_zeros(text.as_bytes());
    let len = if digits.is_empty() {
        text.len()
    } else {
        digits.len()
    };
    let class = match len {
        0..=9 => 0,
        10..=18 => 1,
        _ => 2,
    };
    Item::Num(class, digits.into())
}

fn parse_item(is_digit: bool, text: &str) -> Item {
    if is_digit {
        number(text)
    } else {
        string_item(text, false)
    }
}

impl Item {
    fn is_null(&self) -> bool {
        match self {
            Item::Num(_, d) => d.is_empty(),
            Item::Str(k) => &**k == RELEASE,
            Item::List(l) => l.is_empty(),
        }
    }
}

/// Drops trailing null items (`0`, `""`, empty lists), looking past
/// non-null lists but stopping at the first other non-null item.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if list[i].is_null() {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// A parsed Maven version.
#[derive(Clone, Debug)]
pub(crate) struct MavenVersion {
    items: Vec<Item>,
}

impl MavenVersion {
    /// Whether the first qualifier sorts before a release.
    pub(crate) fn is_prerelease(&self) -> bool {
        fn first_qualifier(items: &[Item]) -> Option<&str> {
            items.iter().find_map(|i| match i {
                Item::Str(k) => Some(&**k),
                Item::List(l) => first_qualifier(l),
                Item::Num(..) => None,
            })
        }
        first_qualifier(&self.items).is_some_and(|k| k < RELEASE && k.len() == 1)
    }
}

pub(crate) fn parse(input: &str) -> Result<MavenVersion, ParseError> {
    if input.trim().is_empty() {
        return Err(ParseError::new(Scheme::Maven, input, "version is empty"));
    }
    if !input.is_ascii() {
        return Err(ParseError::new(
            Scheme::Maven,
            input,
            "non-ASCII characters",
        ));
    }
    let version = input.to_ascii_lowercase();
    let bytes = version.as_bytes();
    // Each new sublist is the last item of the list before it, so the open
    // lists form a stack; they are attached to their parents at the end.
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0usize;
    for (i, &c) in bytes.iter().enumerate() {
        if c == b'.' || c == b'-' {
            let item = if i == start {
                number("0")
            } else {
                parse_item(is_digit, &version[start..i])
            };
            push(&mut stack, item);
            start = i + 1;
            if c == b'-' {
                stack.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                // As for a final qualifier: `.X1` is read like `-X1`.
                if stack.last().is_some_and(|l| !l.is_empty()) {
                    stack.push(Vec::new());
                }
                push(&mut stack, string_item(&version[start..i], true));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                push(&mut stack, parse_item(true, &version[start..i]));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if bytes.len() > start {
        // Maven 3.8 treats a final `.X` like `-X` for a qualifier X, so
        // `1.0.RC` sorts with `1.0-RC`.
        if !is_digit && stack.last().is_some_and(|l| !l.is_empty()) {
            stack.push(Vec::new());
        }
        push(&mut stack, parse_item(is_digit, &version[start..]));
    }
    // Innermost lists are normalised first, as Maven pops its stack.
    let mut items = Vec::new();
    while let Some(mut list) = stack.pop() {
        normalize(&mut list);
        match stack.last_mut() {
            Some(parent) => parent.push(Item::List(list)),
            None => items = list,
        }
    }
    Ok(MavenVersion { items })
}

fn push(stack: &mut [Vec<Item>], item: Item) {
    if let Some(list) = stack.last_mut() {
        list.push(item);
    }
}

fn cmp_item(a: &Item, b: Option<&Item>) -> Ordering {
    use Ordering::{Greater, Less};
    match a {
        Item::Num(cx, x) => match b {
            None => {
                if is_zero(x) {
                    Ordering::Equal
                } else {
                    Greater
                }
            }
            Some(Item::Num(cy, y)) => cx.cmp(cy).then_with(|| cmp_digits(x, y)),
            Some(Item::Str(_) | Item::List(_)) => Greater,
        },
        Item::Str(x) => match b {
            None => (**x).cmp(RELEASE),
            Some(Item::Num(..) | Item::List(_)) => Less,
            Some(Item::Str(y)) => x.cmp(y),
        },
        Item::List(x) => match b {
            // Every item against nothing, not just the first (MNG-6964).
            None => x
                .iter()
                .map(|i| cmp_item(i, None))
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal),
            Some(Item::Num(..)) => Less,
            Some(Item::Str(_)) => Greater,
            Some(Item::List(y)) => cmp_lists(x, y),
        },
    }
}

fn cmp_lists(a: &[Item], b: &[Item]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let ord = match (a.get(i), b.get(i)) {
            (Some(l), r) => cmp_item(l, r),
            (None, Some(r)) => cmp_item(r, None).reverse(),
            (None, None) => Ordering::Equal,
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

pub(crate) fn compare(a: &MavenVersion, b: &MavenVersion) -> Ordering {
    cmp_lists(&a.items, &b.items)
}

fn range_err(range: &str, reason: &str) -> ParseError {
    ParseError::new(
        Scheme::Maven,
        range,
        format!("invalid version range: {reason}"),
    )
}

/// One `[a,b)`-style restriction; `None` bounds are open.
struct Restriction {
    lower: Option<MavenVersion>,
    lower_inclusive: bool,
    upper: Option<MavenVersion>,
    upper_inclusive: bool,
}

impl Restriction {
    fn contains(&self, v: &MavenVersion) -> bool {
        let lower_ok = self.lower.as_ref().is_none_or(|l| match compare(l, v) {
            Ordering::Equal => self.lower_inclusive,
            o => o == Ordering::Less,
        });
        let upper_ok = self.upper.as_ref().is_none_or(|u| match compare(u, v) {
            Ordering::Equal => self.upper_inclusive,
            o => o == Ordering::Greater,
        });
        lower_ok && upper_ok
    }
}

/// Maven's `parseRestriction`.
fn restriction(range: &str, spec: &str) -> Result<Restriction, ParseError> {
    let lower_inclusive = spec.starts_with('[');
    let upper_inclusive = spec.ends_with(']');
    let inner = spec[1..spec.len() - 1].trim();
    let bound = |t: &str| parse(t).map_err(|e| range_err(range, &e.reason));
    match inner.split_once(',') {
        None => {
            if !lower_inclusive || !upper_inclusive {
                return Err(range_err(range, "a single version must be in []"));
            }
            let v = bound(inner)?;
            Ok(Restriction {
                lower: Some(v.clone()),
                lower_inclusive,
                upper: Some(v),
                upper_inclusive,
            })
        }
        Some((lo, hi)) => {
            let (lo, hi) = (lo.trim(), hi.trim());
            let lower = if lo.is_empty() {
                None
            } else {
                Some(bound(lo)?)
            };
            let upper = if hi.is_empty() {
                None
            } else {
                Some(bound(hi)?)
            };
            if let (Some(l), Some(u)) = (&lower, &upper) {
                match compare(u, l) {
                    Ordering::Less => {
                        return Err(range_err(range, "range defies version ordering"));
                    }
                    // `[a,a]` is the single version a; other equal pairs
                    // are empty, and Maven refuses them.
                    Ordering::Equal if !(lower_inclusive && upper_inclusive) => {
                        return Err(range_err(range, "identical boundaries"));
                    }
                    Ordering::Equal => {}
                    Ordering::Greater => {}
                }
            }
            Ok(Restriction {
                lower,
                lower_inclusive,
                upper,
                upper_inclusive,
            })
        }
    }
}

/// Whether `version` is in a Maven range, parsed as Maven's
/// `VersionRange.createFromVersionSpec` does (including its refusal of
/// overlapping or unordered sets). A bare version means exactly that
/// version here: Maven treats it as a soft preference that every version
/// satisfies, which says nothing useful about vulnerability.
pub(crate) fn satisfies(version: &str, range: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    let mut rest = range.trim();
    if rest.is_empty() {
        return Err(range_err(range, "empty"));
    }
    if !rest.starts_with(['[', '(']) {
        return Ok(
            compare(&v, &parse(rest).map_err(|e| range_err(range, &e.reason))?) == Ordering::Equal,
        );
    }
    let mut restrictions: Vec<Restriction> = Vec::new();
    while rest.starts_with(['[', '(']) {
        // The nearer of ')' and ']' closes the restriction.
        let Some(close) = rest.find([')', ']']) else {
            return Err(range_err(range, "unbounded range"));
        };
        let r = restriction(range, &rest[..=close])?;
        if let Some(prev) = restrictions.last()
            && let Some(prev_upper) = &prev.upper
            && r.lower
                .as_ref()
                .is_none_or(|l| compare(l, prev_upper) == Ordering::Less)
        {
            return Err(range_err(range, "ranges overlap"));
        }
        restrictions.push(r);
        rest = rest[close + 1..].trim();
        if let Some(r) = rest.strip_prefix(',') {
            rest = r.trim();
        }
    }
    if !rest.is_empty() {
        return Err(range_err(
            range,
            "only fully-qualified sets allowed in a multiple set",
        ));
    }
    Ok(restrictions.iter().any(|r| r.contains(&v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn qualifiers() {
        assert_eq!(cmp("1.0-alpha1", "1.0-beta1"), Ordering::Less);
        assert_eq!(cmp("1.0-SNAPSHOT", "1.0"), Ordering::Less);
        assert_eq!(cmp("1.0-rc1", "1.0-SNAPSHOT"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0-ga", "1.0"), Ordering::Equal);
        assert_eq!(cmp("1.0-sp1", "1.0"), Ordering::Greater);
        assert_eq!(cmp("1.0-foo", "1.0-sp"), Ordering::Greater);
        assert_eq!(cmp("1.0.1", "1.0-sp"), Ordering::Greater);
        assert_eq!(cmp("1a1", "1-alpha-1"), Ordering::Equal);
    }

    #[test]
    fn ranges() {
        let s = |v, r| satisfies(v, r).unwrap();
        assert!(s("1.5", "[1.0,2.0)"));
        assert!(!s("2.0", "[1.0,2.0)"));
        assert!(s("1.0", "[1.0,2.0)"));
        assert!(s("0.1", "(,1.0]"));
        assert!(s("3.5", "[1,2),[3,4)"));
        assert!(!s("2.5", "[1,2),[3,4)"));
        assert!(s("1.2", "[1.2]"));
        assert!(s("1.2", "1.2"));
        assert!(satisfies("1.0", "[1.0,2.0").is_err());
    }
}
