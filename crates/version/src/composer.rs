//! Packagist / Composer versions and constraints.
//!
//! Versions are normalised as Composer's `VersionParser::normalize` does
//! (optional `v`, four numeric parts, stability suffixes `dev`, `alpha`/`a`,
//! `beta`/`b`, `RC`, `patch`/`pl`/`p`, build metadata dropped, date
//! versions) and then ordered with PHP's `version_compare`, which is what
//! Composer's constraints use. Branch versions (`dev-main`) have no order
//! and are rejected.

#![warn(clippy::indexing_slicing)]

use std::cmp::Ordering;

use crate::num::cmp_digits;
use crate::{ParseError, Scheme};

/// `s` from byte `i` on, or nothing when `i` is past the end or inside a
/// character. Every text reaching the regex emulations below is ASCII, so
/// the empty fallback never changes what they match.
fn tail(s: &str, i: usize) -> &str {
    s.get(i..).unwrap_or_default()
}

/// `s` up to byte `i` (see [`tail`]).
fn head(s: &str, i: usize) -> &str {
    s.get(..i).unwrap_or_default()
}

/// `b` from index `i` on, or nothing.
fn btail(b: &[u8], i: usize) -> &[u8] {
    b.get(i..).unwrap_or_default()
}

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

fn expand_stability(s: &str) -> String {
    match s.to_ascii_lowercase().as_str() {
        "a" => "alpha".into(),
        "b" => "beta".into(),
        "p" | "pl" => "patch".into(),
        "rc" => "RC".into(),
        other => other.into(),
    }
}

/// What Composer's modifier regex captured: stability name, its number
/// text, and whether `-dev` followed.
struct Modifier<'a> {
    stability: Option<&'a str>,
    number: &'a str,
    dev: bool,
}

fn digits_len(s: &[u8]) -> usize {
    s.iter().take_while(|c| c.is_ascii_digit()).count()
}

/// `([.-]?dev)?$`: whether `s` is empty or just that.
fn dev_tail(s: &str) -> Option<bool> {
    let t = s.strip_prefix(['.', '-']).unwrap_or(s);
    if s.is_empty() {
        Some(false)
    } else if t.eq_ignore_ascii_case("dev") {
        Some(true)
    } else {
        None
    }
}

/// Composer's `[._-]?(?:(stability)((?:[.-]?\d+)*+)?)?([.-]?dev)?$`,
/// trying the alternatives in the regex's order.
fn modifier(s: &str) -> Option<Modifier<'_>> {
    modifier_with(s, NAMES)
}

/// The same without `RC`, for the case-sensitive match on lower case.
const LOWER_NAMES: &[&str] = &["stable", "beta", "b", "alpha", "a", "patch", "pl", "p"];

/// Stability names in the regex's order.
const NAMES: &[&str] = &[
    "stable", "beta", "b", "RC", "alpha", "a", "patch", "pl", "p",
];

fn modifier_with<'a>(s: &'a str, names: &[&str]) -> Option<Modifier<'a>> {
    let starts: &[&str] = match s.strip_prefix(['.', '_', '-']) {
        Some(rest) => &[rest, s][..],
        None => &[s][..],
    };
    for &body in starts {
        for name in names {
            if let Some(stability) = body.get(..name.len())
                && stability.eq_ignore_ascii_case(name)
            {
                let after = tail(body, name.len());
                // Possessive: take every `[.-]?\d+` there is.
                let b = after.as_bytes();
                let mut end = 0;
                loop {
                    let sep = usize::from(matches!(b.get(end), Some(b'.' | b'-')));
                    let n = digits_len(btail(b, end + sep));
                    if n == 0 {
                        break;
                    }
                    end += sep + n;
                }
                if let Some(dev) = dev_tail(tail(after, end)) {
                    return Some(Modifier {
                        stability: Some(stability),
                        number: head(after, end),
                        dev,
                    });
                }
            }
        }
        if let Some(dev) = dev_tail(body) {
            return Some(Modifier {
                stability: None,
                number: "",
                dev,
            });
        }
    }
    None
}

/// `^v?(\d{1,5})(\.\d++)?(\.\d++)?(\.\d++)?` + modifier.
fn classical(s: &str) -> Option<(String, Modifier<'_>)> {
    let body = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let b = body.as_bytes();
    let first = digits_len(b);
    if first == 0 || first > 5 {
        return None;
    }
    let mut parts = vec![head(body, first)];
    let mut pos = first;
    // The optional groups may give back what they took, so try the longest
    // first and fewer groups after.
    let mut ends = vec![(pos, parts.clone())];
    while parts.len() < 4 && b.get(pos) == Some(&b'.') && digits_len(btail(b, pos + 1)) > 0 {
        let n = digits_len(btail(b, pos + 1));
        parts.push(body.get(pos + 1..pos + 1 + n).unwrap_or_default());
        pos += 1 + n;
        ends.push((pos, parts.clone()));
    }
    for (end, parts) in ends.into_iter().rev() {
        if let Some(m) = modifier(tail(body, end)) {
            let mut out: Vec<&str> = parts;
            while out.len() < 4 {
                out.push("0");
            }
            return Some((out.join("."), m));
        }
    }
    None
}

/// `^v?(\d{4}(?:[.:-]?\d{2}){1,6}(?:[.:-]?\d{1,3})?)` + modifier, with
/// the regex's greedy-first backtracking.
fn date(s: &str) -> Option<(String, Modifier<'_>)> {
    let body = s.strip_prefix(['v', 'V']).unwrap_or(s);
    let b = body.as_bytes();
    if digits_len(b) < 4 {
        return None;
    }
    fn pairs<'a>(body: &'a str, pos: usize, count: usize) -> Option<(usize, Modifier<'a>)> {
        let b = body.as_bytes();
        if count < 6 {
            for sep in [true, false] {
                let p = pos + usize::from(sep);
                if sep && !matches!(b.get(pos), Some(b'.' | b':' | b'-')) {
                    continue;
                }
                if b.get(p..p + 2)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && let Some(found) = pairs(body, p + 2, count + 1)
                {
                    return Some(found);
                }
            }
        }
        if count == 0 {
            return None;
        }
        // Optional `[.:-]?\d{1,3}`, longest first, then nothing.
        for sep in [true, false] {
            let p = pos + usize::from(sep);
            if sep && !matches!(b.get(pos), Some(b'.' | b':' | b'-')) {
                continue;
            }
            for n in (1..=3).rev() {
                if b.get(p..p + n)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && let Some(m) = modifier(tail(body, p + n))
                {
                    return Some((p + n, m));
                }
            }
        }
        modifier(tail(body, pos)).map(|m| (pos, m))
    }
    let (end, m) = pairs(body, 4, 0)?;
    let version: String = head(body, end)
        .chars()
        .map(|c| if c.is_ascii_digit() { c } else { '.' })
        .collect();
    Some((version, m))
}

/// Composer's `normalize`: the canonical text of a version.
pub(crate) fn normalize(input: &str) -> Result<String, ParseError> {
    // Every form Composer accepts is ASCII (only an alias could differ).
    if !input.is_ascii() {
        return Err(err(input, "non-ASCII characters"));
    }
    let mut s = input.trim();
    if let Some((v, alias)) = s.split_once(" as ") {
        let (v, alias) = (v.trim_end(), alias.trim_start());
        if !v.is_empty()
            && !alias.is_empty()
            && !v.contains([',', ' ', '\t'])
            && !alias.contains([',', ' ', '\t'])
        {
            s = v;
        }
    }
    // A trailing stability flag only steers Composer's resolver.
    if let Some(at) = s.rfind('@') {
        let flag = tail(s, at + 1);
        if ["stable", "RC", "beta", "alpha", "dev"]
            .iter()
            .any(|f| f.eq_ignore_ascii_case(flag))
        {
            s = head(s, at);
        }
    }
    if matches!(s, "master" | "trunk" | "default")
        || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("dev-"))
    {
        return Err(err(input, "branch versions have no order"));
    }
    // Build metadata is dropped.
    if let Some((v, meta)) = s.split_once('+')
        && !v.is_empty()
        && !v.contains([',', '+'])
        && !v.contains(char::is_whitespace)
        && !meta.is_empty()
        && !meta.contains(char::is_whitespace)
    {
        s = v;
    }
    let found = classical(s).or_else(|| date(s));
    if let Some((mut version, m)) = found {
        if let Some(stability) = m.stability {
            if stability == "stable" {
                return Ok(version);
            }
            version.push('-');
            version.push_str(&expand_stability(stability));
            version.push_str(m.number.trim_start_matches(['.', '-']));
        }
        if m.dev {
            version.push_str("-dev");
        }
        return Ok(version);
    }
    // Numeric branches such as `1.x-dev`.
    if let Some(name) = dev_branch_name(s)
        && let Some(v) = numeric_branch(name)
    {
        return Ok(v);
    }
    Err(err(input, "invalid version string"))
}

/// `(.*?)[.-]?dev$`: the branch name before a `dev` suffix.
fn dev_branch_name(s: &str) -> Option<&str> {
    let split = s.len().checked_sub(3)?;
    let (name, dev) = (s.get(..split)?, s.get(split..)?);
    if !dev.eq_ignore_ascii_case("dev") {
        return None;
    }
    // The lazy group leaves the separator to `[.-]?`.
    Some(name.strip_suffix(['.', '-']).unwrap_or(name))
}

/// `normalizeBranch` for `v?N(.N|.x)*` names: x becomes 9999999.
fn numeric_branch(name: &str) -> Option<String> {
    let body = name.trim();
    let body = body.strip_prefix(['v', 'V']).unwrap_or(body);
    let parts: Vec<&str> = body.split('.').collect();
    let first = parts.first()?;
    if parts.len() > 4 || first.is_empty() || !first.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut out = Vec::with_capacity(4);
    for (i, p) in parts.iter().enumerate() {
        let ok = (!p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
            || (i > 0 && matches!(*p, "x" | "X" | "*"));
        if !ok {
            return None;
        }
        out.push(if matches!(*p, "x" | "X" | "*") {
            "9999999"
        } else {
            p
        });
    }
    while out.len() < 4 {
        out.push("9999999");
    }
    Some(format!("{}-dev", out.join(".")))
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

/// `parts` after the first `n` (the common length), or nothing.
fn btail_parts(parts: &[Part], n: usize) -> &[Part] {
    parts.get(n..).unwrap_or_default()
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
    for (x, y) in a.iter().zip(b) {
        let ord = cmp_part(x, y);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    const NUMBER: &[Part] = &[Part::Special(4)];
    match (btail_parts(a, n), btail_parts(b, n)) {
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

/// Composer's `versionRegex` match: up to four numbers, and what follows.
struct VersionMatch<'a> {
    nums: [Option<&'a str>; 4],
    /// A stability (`beta`), its number, or `-dev` / `.x-dev` was given.
    has_modifier: bool,
    /// The `.x-dev` form.
    x_dev: bool,
}

/// `v?(\d++)(?:\.(\d++))?{0,3}(?:MODIFIER|\.([xX*][.-]?dev))(?:\+[^\s]+)?$`
fn version_match(text: &str) -> Option<VersionMatch<'_>> {
    let body = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let body = match body.split_once('+') {
        Some((v, meta)) if !meta.is_empty() && !meta.contains(char::is_whitespace) => v,
        Some(_) => return None,
        None => body,
    };
    let b = body.as_bytes();
    let mut nums: [Option<&str>; 4] = [None; 4];
    let first = digits_len(b);
    if first == 0 {
        return None;
    }
    nums[0] = Some(head(body, first));
    let mut ends = vec![(first, nums)];
    let mut pos = first;
    let mut i = 1;
    while let Some(slot) = nums.get_mut(i)
        && b.get(pos) == Some(&b'.')
        && digits_len(btail(b, pos + 1)) > 0
    {
        let n = digits_len(btail(b, pos + 1));
        *slot = body.get(pos + 1..pos + 1 + n);
        pos += 1 + n;
        i += 1;
        ends.push((pos, nums));
    }
    for (end, nums) in ends.into_iter().rev() {
        let rest = tail(body, end);
        if let Some(m) = modifier(rest) {
            return Some(VersionMatch {
                nums,
                has_modifier: m.stability.is_some() || m.dev,
                x_dev: false,
            });
        }
        if let Some(x) = rest.strip_prefix('.')
            && x.len() >= 4
            && matches!(x.as_bytes().first(), Some(b'x' | b'X' | b'*'))
            && dev_tail(tail(x, 1)) == Some(true)
        {
            return Some(VersionMatch {
                nums,
                has_modifier: true,
                x_dev: true,
            });
        }
    }
    None
}

/// `manipulateVersionString`: numbers after `position` become 0, the one
/// at `position` grows by `increment`.
fn manipulate(nums: &[Option<&str>; 4], position: usize, increment: u64) -> String {
    (1..=4)
        .zip(nums)
        .map(|(i, num)| {
            let n: u64 = num.and_then(|t| t.parse().ok()).unwrap_or(0);
            if i > position {
                "0".to_owned()
            } else if i == position {
                n.saturating_add(increment).to_string()
            } else {
                num.unwrap_or("0").to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn last_given(nums: &[Option<&str>; 4]) -> usize {
    nums.iter().rposition(Option::is_some).map_or(1, |k| k + 1)
}

/// `/-MODIFIER$/` on the lower-cased text, case-sensitively: the regex
/// spells `RC` in capitals, so a lower-cased `rc` never counts.
fn ends_with_modifier(lower: &str) -> bool {
    lower
        .match_indices('-')
        .any(|(i, _)| modifier_with(tail(lower, i + 1), LOWER_NAMES).is_some())
}

type Bound = (&'static str, String);

/// Composer's `parseConstraint` for one AND-part.
fn parse_constraint(req: &str, text: &str) -> Result<Vec<Bound>, ParseError> {
    let wrap = |e: ParseError| c_err(req, &e.reason);
    let mut c = text;
    if let Some((v, alias)) = c.split_once(" as ")
        && !v.trim().is_empty()
        && !alias.trim().is_empty()
    {
        c = v.trim_end();
    }
    let mut stability_flag = None;
    if let Some(at) = c.rfind('@') {
        let flag = tail(c, at + 1);
        if ["stable", "RC", "beta", "alpha", "dev"]
            .iter()
            .any(|f| f.eq_ignore_ascii_case(flag))
            && !head(c, at).contains([',', ' '])
        {
            if !flag.eq_ignore_ascii_case("stable") {
                stability_flag = Some(flag.to_ascii_lowercase());
            }
            c = if at == 0 { "*" } else { head(c, at) };
        }
    }
    // `*`, `x`, `v*`, `*.*`.
    let stars = c.strip_prefix(['v', 'V']).unwrap_or(c);
    if !stars.is_empty() && stars.split('.').all(|p| matches!(p, "x" | "X" | "*")) {
        return Ok(if stars.len() > 1 || stars.len() != c.len() {
            vec![(">=", "0.0.0.0-dev".to_owned())]
        } else {
            Vec::new()
        });
    }
    if let Some(rest) = c.strip_prefix('~') {
        if rest.starts_with('>') {
            return Err(c_err(req, "invalid operator \"~>\", use \"~\""));
        }
        if let Some(m) = version_match(rest) {
            let mut position = last_given(&m.nums);
            if m.x_dev {
                position += 1;
            }
            let suffix = if m.has_modifier { "" } else { "-dev" };
            let low = normalize(&format!("{rest}{suffix}")).map_err(wrap)?;
            let high = format!(
                "{}-dev",
                manipulate(&m.nums, position.saturating_sub(1).max(1), 1)
            );
            return Ok(vec![(">=", low), ("<", high)]);
        }
    }
    if let Some(rest) = c.strip_prefix('^')
        && let Some(m) = version_match(rest)
    {
        let position = if m.nums[0] != Some("0") || m.nums[1].is_none() {
            1
        } else if m.nums[1] != Some("0") || m.nums[2].is_none() {
            2
        } else {
            3
        };
        let suffix = if m.has_modifier { "" } else { "-dev" };
        let low = normalize(&format!("{rest}{suffix}")).map_err(wrap)?;
        let high = format!("{}-dev", manipulate(&m.nums, position, 1));
        return Ok(vec![(">=", low), ("<", high)]);
    }
    // `1.2.*`
    {
        let body = c.strip_prefix(['v', 'V']).unwrap_or(c);
        let mut parts = body.split('.').peekable();
        let mut nums: [Option<&str>; 4] = [None; 4];
        let mut n = 0;
        while let Some(p) = parts.peek() {
            if n < 3
                && !p.is_empty()
                && p.bytes().all(|c| c.is_ascii_digit())
                && let Some(slot) = nums.get_mut(n)
            {
                *slot = Some(p);
                n += 1;
                parts.next();
            } else {
                break;
            }
        }
        let stars: Vec<&str> = parts.collect();
        if n > 0 && !stars.is_empty() && stars.iter().all(|p| matches!(*p, "x" | "X" | "*")) {
            let position = last_given(&nums);
            let low = format!("{}-dev", manipulate(&nums, position, 0));
            let high = format!("{}-dev", manipulate(&nums, position, 1));
            return Ok(if low == "0.0.0.0-dev" {
                vec![("<", high)]
            } else {
                vec![(">=", low), ("<", high)]
            });
        }
    }
    // `A - B`
    if let Some((from, to)) = c.split_once(" - ") {
        let (from, to) = (from.trim_end(), to.trim_start());
        if let (Some(f), Some(t)) = (version_match(from), version_match(to))
            && !from.contains(' ')
            && !to.contains(' ')
        {
            let mut low = normalize(from).map_err(wrap)?;
            if !f.has_modifier {
                low.push_str("-dev");
            }
            let upper = if (t.nums[1].is_some() && t.nums[2].is_some()) || t.has_modifier {
                ("<=", normalize(to).map_err(wrap)?)
            } else {
                normalize(to).map_err(wrap)?;
                let position = if t.nums[1].is_none() { 1 } else { 2 };
                ("<", format!("{}-dev", manipulate(&t.nums, position, 1)))
            };
            return Ok(vec![(">=", low), upper]);
        }
    }
    // `OP VERSION`
    let ops = ["<>", "!=", ">=", "<=", "==", ">", "<", "="];
    let (op, rest) = ops
        .iter()
        .find_map(|op| c.strip_prefix(op).map(|r| (*op, r)))
        .unwrap_or(("=", c));
    let rest = rest.trim_start();
    let mut version = normalize(rest).map_err(wrap)?;
    let op = match op {
        "<>" => "!=",
        "==" => "=",
        o => o,
    };
    if op != "=" && stability_flag.is_some() && !version.contains('-') {
        version.push('-');
        version.push_str(stability_flag.as_deref().unwrap_or("dev"));
    } else if (op == "<" || op == ">=")
        && !ends_with_modifier(&rest.to_ascii_lowercase())
        && !rest.starts_with("dev-")
    {
        version.push_str("-dev");
    }
    Ok(vec![(op, version)])
}

/// Splits an OR-part at the commas and spaces that separate constraints
/// (not those inside `>= 1.0` or `1.0 - 2.0`).
fn and_parts(alt: &str) -> Vec<String> {
    let words: Vec<&str> = alt.split([',', ' ']).filter(|w| !w.is_empty()).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while let Some(&first) = words.get(i) {
        let mut part = first.to_owned();
        i += 1;
        // An operator alone takes the next word.
        while part.bytes().all(|c| b"<>=!~^".contains(&c))
            && let Some(&w) = words.get(i)
        {
            part.push_str(w);
            i += 1;
        }
        // A hyphen range or alias keeps its words together.
        while let (Some(&sep), Some(&next)) = (words.get(i), words.get(i + 1))
            && (sep == "-" || sep == "as")
        {
            part = format!("{part} {sep} {next}");
            i += 2;
        }
        parts.push(part);
    }
    parts
}

pub(crate) fn satisfies(version: &str, constraint: &str) -> Result<bool, ParseError> {
    let v = parse(version)?;
    if !constraint.is_ascii() {
        return Err(c_err(constraint, "non-ASCII characters"));
    }
    let text = constraint.trim();
    let mut any = false;
    for alt in split_or(text) {
        let mut bounds = Vec::new();
        let parts = and_parts(alt);
        if parts.is_empty() {
            return Err(c_err(constraint, "empty constraint"));
        }
        for part in &parts {
            bounds.extend(parse_constraint(constraint, part)?);
        }
        let mut all = true;
        for (op, bound) in &bounds {
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

/// `\s*\|\|?\s*`
fn split_or(text: &str) -> Vec<&str> {
    text.split('|')
        .filter(|p| !p.is_empty() || text.is_empty())
        .map(str::trim)
        .collect()
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
        // Found by the property test: slicing inside a multi-byte char.
        assert!(normalize("ࣵ\"/J$%ଆ%").is_err());
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
