//! Python versions (PEP 440) and specifier sets, as Python's `packaging`
//! (26.x) parses, orders and matches them.
//!
//! Parsing mirrors `packaging`'s version regular expression by hand
//! (case-insensitive, optional `v`, alternative spellings, implicit
//! numbers, surrounding whitespace). Ordering uses the same key as
//! `packaging`: epoch, release without trailing zeros, then a
//! pre/post/dev suffix, then the local segments.

use std::cmp::Ordering;

use crate::num::cmp_digits;
use crate::{ParseError, Scheme};

/// One segment of a local version label.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Local {
    /// Lower-cased text; sorts before any number.
    Text(Box<str>),
    /// Digits (compared as an unbounded number).
    Num(Box<[u8]>),
}

impl Ord for Local {
    fn cmp(&self, other: &Local) -> Ordering {
        match (self, other) {
            (Local::Text(a), Local::Text(b)) => a.cmp(b),
            (Local::Num(a), Local::Num(b)) => cmp_digits(a, b),
            (Local::Text(_), Local::Num(_)) => Ordering::Less,
            (Local::Num(_), Local::Text(_)) => Ordering::Greater,
        }
    }
}

impl PartialOrd for Local {
    fn partial_cmp(&self, other: &Local) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Pre-release kinds in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pre {
    A,
    B,
    Rc,
}

/// A parsed PEP 440 version.
#[derive(Clone, Debug)]
pub(crate) struct Pep440Version {
    epoch: u64,
    release: Box<[u64]>,
    pre: Option<(Pre, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
    local: Option<Box<[Local]>>,
    /// `packaging`'s suffix key: (pre rank, pre n, post rank, post n,
    /// dev rank, dev n).
    suffix: (i8, u64, u8, u64, u8, u64),
}

impl Pep440Version {
    pub(crate) fn is_prerelease(&self) -> bool {
        self.pre.is_some() || self.dev.is_some()
    }

    fn cmp_public(&self, other: &Pep440Version) -> Ordering {
        self.epoch
            .cmp(&other.epoch)
            .then_with(|| cmp_release(&self.release, &other.release))
            .then_with(|| self.suffix.cmp(&other.suffix))
    }
}

fn make(
    epoch: u64,
    release: Box<[u64]>,
    pre: Option<(Pre, u64)>,
    post: Option<u64>,
    dev: Option<u64>,
    local: Option<Box<[Local]>>,
) -> Pep440Version {
    let (pre_rank, pre_n) = match (pre, post, dev) {
        (None, None, Some(_)) => (-1, 0),
        (None, _, _) => (3, 0),
        (Some((kind, n)), _, _) => (kind as i8, n),
    };
    let suffix = (
        pre_rank,
        pre_n,
        u8::from(post.is_some()),
        post.unwrap_or(0),
        u8::from(dev.is_none()),
        dev.unwrap_or(0),
    );
    Pep440Version {
        epoch,
        release,
        pre,
        post,
        dev,
        local,
        suffix,
    }
}

/// Release segments compared as if padded with zeros.
fn cmp_release(a: &[u64], b: &[u64]) -> Ordering {
    let n = a.len().max(b.len());
    for i in 0..n {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        if x != y {
            return x.cmp(&y);
        }
    }
    Ordering::Equal
}

impl PartialEq for Pep440Version {
    fn eq(&self, other: &Pep440Version) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Pep440Version {}

impl Ord for Pep440Version {
    fn cmp(&self, other: &Pep440Version) -> Ordering {
        self.cmp_public(other)
            .then_with(|| self.local.cmp(&other.local))
    }
}

impl PartialOrd for Pep440Version {
    fn partial_cmp(&self, other: &Pep440Version) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Python's `str.isspace`, which `\s` follows for `str` patterns.
fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

/// A byte cursor over the lower-cased ASCII text.
struct Cursor<'a> {
    s: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_sep(&mut self) -> bool {
        matches!(self.peek(), Some(b'.' | b'_' | b'-')) && {
            self.pos += 1;
            true
        }
    }

    fn eat_word(&mut self, word: &str) -> bool {
        if self.s[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Digits, if any; `Err` when they do not fit a u64.
    fn number(&mut self) -> Result<Option<u64>, ()> {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        if start == self.pos {
            return Ok(None);
        }
        let mut n = 0u64;
        for &c in &self.s[start..self.pos] {
            n = n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(c - b'0')))
                .ok_or(())?;
        }
        Ok(Some(n))
    }
}

/// What a specifier may carry: `packaging` parses the same grammar but
/// each operator allows a different subset.
pub(crate) fn parse(input: &str) -> Result<Pep440Version, ParseError> {
    let err = |reason: &str| ParseError::new(Scheme::Pep440, input, reason);
    let text = input.trim_matches(is_py_space);
    if !text.is_ascii() {
        return Err(err("non-ASCII characters"));
    }
    let lower = text.to_ascii_lowercase();
    let mut c = Cursor {
        s: lower.as_bytes(),
        pos: 0,
    };
    let too_big = |_| err("number too large");
    c.eat(b'v');
    // Epoch: digits followed by '!'; otherwise those digits start the release.
    let start = c.pos;
    let mut epoch = 0;
    if let Some(n) = c.number().map_err(too_big)? {
        if c.eat(b'!') {
            epoch = n;
        } else {
            c.pos = start;
        }
    }
    let mut release = Vec::new();
    match c.number().map_err(too_big)? {
        Some(n) => release.push(n),
        None => return Err(err("release segment must start with a number")),
    }
    loop {
        let save = c.pos;
        if c.eat(b'.')
            && let Some(n) = c.number().map_err(too_big)?
        {
            release.push(n);
            continue;
        }
        c.pos = save;
        break;
    }
    // Pre-release: [._-]? (alpha|a|beta|b|preview|pre|c|rc) [._-]? N?
    let mut pre = None;
    {
        let save = c.pos;
        c.eat_sep();
        let kind = if c.eat_word("alpha") || c.eat_word("a") {
            Some(Pre::A)
        } else if c.eat_word("beta") || c.eat_word("b") {
            Some(Pre::B)
        } else if c.eat_word("preview") || c.eat_word("pre") || c.eat_word("c") || c.eat_word("rc")
        {
            Some(Pre::Rc)
        } else {
            None
        };
        match kind {
            Some(kind) => {
                c.eat_sep();
                pre = Some((kind, c.number().map_err(too_big)?.unwrap_or(0)));
            }
            None => c.pos = save,
        }
    }
    // Post-release: -N, or [._-]? (post|rev|r) [._-]? N?
    let mut post = None;
    {
        let save = c.pos;
        if c.eat(b'-') {
            if let Some(n) = c.number().map_err(too_big)? {
                post = Some(n);
            } else {
                c.pos = save;
            }
        }
        if post.is_none() {
            c.eat_sep();
            if c.eat_word("post") || c.eat_word("rev") || c.eat_word("r") {
                c.eat_sep();
                match c.number().map_err(too_big)? {
                    Some(n) => post = Some(n),
                    // The regex is greedy: a separator after the tag
                    // stays in the post segment even without a number.
                    None => post = Some(0),
                }
            } else {
                c.pos = save;
            }
        }
    }
    // Dev release: [._-]? dev [._-]? N?
    let mut dev = None;
    {
        let save = c.pos;
        c.eat_sep();
        if c.eat_word("dev") {
            c.eat_sep();
            dev = Some(c.number().map_err(too_big)?.unwrap_or(0));
        } else {
            c.pos = save;
        }
    }
    // Local: '+' [a-z0-9]+ ([._-][a-z0-9]+)*
    let mut local = None;
    if c.eat(b'+') {
        let mut segs = Vec::new();
        loop {
            let start = c.pos;
            while matches!(c.peek(), Some(b'a'..=b'z' | b'0'..=b'9')) {
                c.pos += 1;
            }
            if start == c.pos {
                return Err(err("empty local version segment"));
            }
            let seg = &c.s[start..c.pos];
            segs.push(if seg.iter().all(u8::is_ascii_digit) {
                Local::Num(seg.into())
            } else {
                // ASCII lower-case letters and digits only.
                Local::Text(String::from_utf8_lossy(seg).into())
            });
            if !c.eat_sep() {
                break;
            }
        }
        local = Some(segs.into_boxed_slice());
    }
    if c.pos != c.s.len() {
        return Err(err("unexpected text after the version"));
    }
    Ok(make(epoch, release.into(), pre, post, dev, local))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Compatible,
    Equal,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Less,
    Greater,
    Arbitrary,
}

/// One specifier of a set.
#[derive(Clone, Debug)]
struct Specifier {
    op: Op,
    version: Option<Pep440Version>,
    wildcard: bool,
    /// The version text as written (for `===`).
    text: String,
}

fn parse_specifier(requirement: &str, spec: &str) -> Result<Specifier, ParseError> {
    let err = |reason: &str| ParseError::new(Scheme::Pep440, requirement, reason);
    let spec = spec.trim_matches(is_py_space);
    let ops: &[(&str, Op)] = &[
        ("===", Op::Arbitrary),
        ("~=", Op::Compatible),
        ("==", Op::Equal),
        ("!=", Op::NotEqual),
        ("<=", Op::LessEqual),
        (">=", Op::GreaterEqual),
        ("<", Op::Less),
        (">", Op::Greater),
    ];
    let Some(&(op_text, op)) = ops.iter().find(|(t, _)| spec.starts_with(t)) else {
        return Err(err("specifier must start with an operator"));
    };
    let text = spec[op_text.len()..].trim_start_matches(is_py_space);
    if op == Op::Arbitrary {
        if text.is_empty() || text.contains(|c: char| is_py_space(c) || c == ';' || c == ')') {
            // An empty `===` is accepted by packaging's grammar; it only
            // ever matches an empty string, which no version is.
            if !text.is_empty() {
                return Err(err("invalid arbitrary-equality version"));
            }
        }
        return Ok(Specifier {
            op,
            version: None,
            wildcard: false,
            text: text.to_owned(),
        });
    }
    if text.contains(is_py_space) {
        return Err(err("whitespace inside a specifier version"));
    }
    let (vtext, wildcard) = match text.strip_suffix(".*") {
        Some(v) => (v, true),
        None => (text, false),
    };
    if wildcard && !matches!(op, Op::Equal | Op::NotEqual) {
        return Err(err("wildcards are only allowed with == and !="));
    }
    let version = parse(vtext).map_err(|e| err(&e.reason))?;
    if wildcard
        && (version.pre.is_some()
            || version.post.is_some()
            || version.dev.is_some()
            || version.local.is_some())
    {
        return Err(err("a wildcard may only follow a release segment"));
    }
    if version.local.is_some() && !matches!(op, Op::Equal | Op::NotEqual) {
        return Err(err("local versions are only allowed with == and !="));
    }
    if op == Op::Compatible && version.release.len() < 2 {
        return Err(err("~= needs at least two release segments"));
    }
    Ok(Specifier {
        op,
        version: Some(version),
        wildcard,
        text: text.to_owned(),
    })
}

/// `V.dev0` of V's release (`_base_dev0`).
fn base_dev0(v: &Pep440Version) -> Pep440Version {
    make(v.epoch, v.release.clone(), None, None, Some(0), None)
}

/// The smallest version of the next prefix: `1.2` → `1.3.dev0`.
fn next_prefix_dev0(epoch: u64, release: &[u64]) -> Pep440Version {
    let mut next = release.to_vec();
    if let Some(last) = next.last_mut() {
        *last = last.saturating_add(1);
    }
    make(epoch, next.into(), None, None, Some(0), None)
}

impl Specifier {
    /// `packaging` 26 models each operator as intervals of versions; these
    /// are the same intervals, tested directly.
    fn contains(&self, v: &Pep440Version, raw: &str) -> bool {
        let Some(spec) = &self.version else {
            // `===` compares the text as given, ignoring case.
            return raw.to_lowercase() == self.text.to_lowercase();
        };
        match self.op {
            Op::Equal | Op::NotEqual => {
                let eq = if self.wildcard {
                    *v >= base_dev0(spec) && *v < next_prefix_dev0(spec.epoch, &spec.release)
                } else if spec.local.is_some() {
                    v == spec
                } else {
                    v.cmp_public(spec) == Ordering::Equal
                };
                eq == (self.op == Op::Equal)
            }
            Op::LessEqual => v.cmp_public(spec) != Ordering::Greater,
            Op::GreaterEqual => v >= spec,
            Op::Less => {
                // `<V` leaves out V's own pre-releases unless V is one.
                if spec.is_prerelease() {
                    v < spec
                } else {
                    *v < make(
                        spec.epoch,
                        spec.release.clone(),
                        spec.pre,
                        spec.post,
                        Some(0),
                        None,
                    )
                }
            }
            Op::Greater => {
                if let Some(dev) = spec.dev {
                    *v >= make(
                        spec.epoch,
                        spec.release.clone(),
                        spec.pre,
                        spec.post,
                        Some(dev + 1),
                        None,
                    )
                } else if let Some(post) = spec.post {
                    *v >= make(
                        spec.epoch,
                        spec.release.clone(),
                        spec.pre,
                        Some(post + 1),
                        Some(0),
                        None,
                    )
                } else {
                    // Above V, V+local and every V.postN: only epoch,
                    // release and pre-release decide.
                    v.epoch
                        .cmp(&spec.epoch)
                        .then_with(|| cmp_release(&v.release, &spec.release))
                        .then_with(|| (v.suffix.0, v.suffix.1).cmp(&(spec.suffix.0, spec.suffix.1)))
                        == Ordering::Greater
                }
            }
            Op::Compatible => {
                let prefix = &spec.release[..spec.release.len() - 1];
                v >= spec && *v < next_prefix_dev0(spec.epoch, prefix)
            }
            Op::Arbitrary => false,
        }
    }
}

/// Whether `version` is in the specifier set `requirement` (comma
/// separated; empty matches everything). Pre-releases match, as
/// `SpecifierSet.contains` does by default since `packaging` 26.
pub(crate) fn satisfies(version: &str, requirement: &str) -> Result<bool, ParseError> {
    let specs = requirement
        .split(',')
        .filter(|s| !s.trim_matches(is_py_space).is_empty())
        .map(|s| parse_specifier(requirement, s))
        .collect::<Result<Vec<_>, _>>()?;
    let v = parse(version)?;
    Ok(specs.iter().all(|s| s.contains(&v, version)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmp(a: &str, b: &str) -> Ordering {
        parse(a).unwrap().cmp(&parse(b).unwrap())
    }

    #[test]
    fn ordering() {
        assert_eq!(cmp("1.0", "1.0.0"), Ordering::Equal);
        assert_eq!(cmp("1.0.dev1", "1.0a1"), Ordering::Less);
        assert_eq!(cmp("1.0a1", "1.0rc1"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0.post1"), Ordering::Less);
        assert_eq!(cmp("1.0+abc", "1.0+1"), Ordering::Less);
        assert_eq!(cmp("1.0", "1.0+0"), Ordering::Less);
        assert_eq!(cmp("1!0.1", "2.0"), Ordering::Greater);
        assert_eq!(cmp("1.0-1", "1.0.post1"), Ordering::Equal);
        assert_eq!(cmp("1.0a.", "1.0a0"), Ordering::Equal);
        assert_eq!(cmp("V1.0RC1", "1.0c1"), Ordering::Equal);
    }

    #[test]
    fn invalid() {
        for bad in [
            "",
            "1.0-",
            "1!",
            "french toast",
            "1.0+",
            "1.0+a..b",
            "1.0.dev1.post1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn specifiers() {
        let s = |v, r| satisfies(v, r).unwrap();
        assert!(s("1.4.5", "~=1.4.2"));
        assert!(!s("1.5.0", "~=1.4.2"));
        assert!(s("1.0a1", "==1.0.*"));
        assert!(!s("1.0a1", "<1.0"));
        assert!(s("1.0a1", "<1.0rc1"));
        assert!(!s("1.0.post1", ">1.0"));
        assert!(!s("1.0+local", ">1.0"));
        assert!(s("1.0+local", "==1.0"));
        assert!(!s("1.0", "==1.0+local"));
        assert!(s("2.0", ">=1.0, !=1.5"));
        assert!(s("1.0", ""));
        assert!(s("1.0", "===1.0"));
        assert!(!s("1.0.0", "===1.0"));
        assert!(satisfies("1.0", "~=1").is_err());
        assert!(satisfies("1.0", ">=1.0.*").is_err());
    }
}
