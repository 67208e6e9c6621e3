//! BuildKit's word processor (`frontend/dockerfile/shell/lex.go`): variable
//! expansion and quote removal as BuildKit applies them to instruction
//! arguments, not as a POSIX shell would. Both the parser (heredoc delimiter
//! detection) and rules (expanding `FROM` images with `ARG`s) rely on it, so
//! it follows BuildKit's behaviour, quirks included.

#![warn(clippy::indexing_slicing)]

use std::collections::HashMap;

/// How deep `${…}` substitutions may nest inside one another. BuildKit has
/// no limit (Go stacks grow); real files nest two or three deep, and a cap
/// keeps the recursive reader off the end of a thread's stack.
pub const MAX_NESTING: usize = 64;

/// Where variable values come from.
pub trait EnvGetter {
    /// The value of `name`, or `None` when it is unset.
    fn get(&self, name: &str) -> Option<String>;
}

impl EnvGetter for HashMap<String, String> {
    fn get(&self, name: &str) -> Option<String> {
        HashMap::get(self, name).cloned()
    }
}

/// An environment where nothing is set.
#[derive(Debug, Clone, Copy, Default)]
pub struct EmptyEnv;

impl EnvGetter for EmptyEnv {
    fn get(&self, _name: &str) -> Option<String> {
        None
    }
}

/// Expansion failed: a syntax error such as a missing `}` or an unterminated
/// quote, or a `${VAR?message}` on an unset variable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("failed to process {source_text:?}: {message}")]
pub struct LexError {
    /// The word being processed.
    pub source_text: String,
    /// BuildKit's wording of the problem.
    pub message: String,
}

/// The word processor, configured like BuildKit's `shell.Lex`.
#[derive(Debug, Clone, Copy)]
pub struct Lex {
    /// The escape character (`\` or `` ` ``).
    pub escape: char,
    /// Keep quote characters in the output.
    pub raw_quotes: bool,
    /// Keep escape characters in the output.
    pub raw_escapes: bool,
    /// Leave references to unset variables as written.
    pub skip_unset_env: bool,
}

impl Lex {
    /// A processor with the given escape character and BuildKit's defaults.
    pub fn new(escape: char) -> Self {
        Self {
            escape,
            raw_quotes: false,
            raw_escapes: false,
            skip_unset_env: false,
        }
    }

    /// Expands `word` into one string (like `ProcessWord`).
    pub fn process_word(&self, word: &str, env: &dyn EnvGetter) -> Result<String, LexError> {
        self.run(word, env).map(|(w, _)| w)
    }

    /// Expands `word` and splits the result into fields (like `ProcessWords`).
    pub fn process_words(&self, word: &str, env: &dyn EnvGetter) -> Result<Vec<String>, LexError> {
        self.run(word, env).map(|(_, ws)| ws)
    }

    fn run(&self, word: &str, env: &dyn EnvGetter) -> Result<(String, Vec<String>), LexError> {
        let mut sw = ShellWord {
            chars: word.chars().collect(),
            pos: 0,
            env,
            lex: *self,
            raw_escapes: self.raw_escapes,
            depth: 0,
        };
        sw.process_stop_on(None, self.raw_escapes)
            .map_err(|message| LexError {
                source_text: word.to_string(),
                message,
            })
    }
}

#[derive(Default)]
struct Words {
    word: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, ch: char) {
        if ch.is_whitespace() {
            if self.in_word && !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(ch);
        }
    }
    fn add_raw_char(&mut self, ch: char) {
        self.word.push(ch);
        self.in_word = true;
    }
    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }
    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }
    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

struct ShellWord<'a> {
    chars: Vec<char>,
    pos: usize,
    env: &'a dyn EnvGetter,
    lex: Lex,
    raw_escapes: bool,
    /// Substitutions entered so far (see [`MAX_NESTING`]).
    depth: usize,
}

type Res<T> = Result<T, String>;

impl ShellWord<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn process_stop_on(
        &mut self,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Res<(String, Vec<String>)> {
        if self.depth > MAX_NESTING {
            return Err(format!("substitutions nested more than {MAX_NESTING} deep"));
        }
        let saved = self.raw_escapes;
        self.raw_escapes = raw_escapes;
        self.depth += 1;
        let r = self.stop_on_inner(stop);
        self.depth -= 1;
        self.raw_escapes = saved;
        r
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> Res<(String, Vec<String>)> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            match ch {
                '$' => {
                    let tmp = self.process_dollar()?;
                    result.push_str(&tmp);
                    words.add_string(&tmp);
                }
                '\'' => {
                    let tmp = self.process_single_quote()?;
                    result.push_str(&tmp);
                    words.add_raw_string(&tmp);
                }
                '"' => {
                    let tmp = self.process_double_quote()?;
                    result.push_str(&tmp);
                    words.add_raw_string(&tmp);
                }
                _ => {
                    self.pos += 1;
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        let Some(escaped) = self.next() else { break };
                        words.add_raw_char(escaped);
                        result.push(escaped);
                    } else {
                        words.add_char(ch);
                        result.push(ch);
                    }
                }
            }
        }
        match stop {
            Some(c) => Err(format!(
                "unexpected end of statement while looking for matching {c}"
            )),
            None => Ok((result, words.finish())),
        }
    }

    fn process_single_quote(&mut self) -> Res<String> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.next() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching single-quote"
                            .into(),
                    );
                }
                Some('\'') => {
                    if self.lex.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(c) => result.push(c),
            }
        }
    }

    fn process_double_quote(&mut self) -> Res<String> {
        let mut result = String::new();
        let open = self.next();
        if self.lex.raw_quotes {
            result.extend(open);
        }
        loop {
            match self.peek() {
                None => {
                    return Err(
                        "unexpected end of statement while looking for matching double-quote"
                            .into(),
                    );
                }
                Some('"') => {
                    self.pos += 1;
                    if self.lex.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let v = self.process_dollar()?;
                    result.push_str(&v);
                }
                Some(mut ch) => {
                    self.pos += 1;
                    if ch == self.lex.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.peek() {
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.lex.escape => {
                                self.pos += 1;
                                ch = n;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    fn get_env(&self, name: &str) -> Option<String> {
        self.env.get(name)
    }

    fn process_dollar(&mut self) -> Res<String> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.get_env(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${name}"),
                None => String::new(),
            });
        }
        self.pos += 1;
        match self.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            _ => {}
        }
        let name = self.process_name();
        let Some(mut ch) = self.next() else {
            return Err("syntax error: missing '}'".into());
        };
        let mut chs = ch.to_string();
        let mut null_is_unset = false;
        match ch {
            '}' => Ok(match self.get_env(&name) {
                Some(v) => v,
                None if self.lex.skip_unset_env => format!("${{{name}}}"),
                None => String::new(),
            }),
            ':' | '+' | '-' | '?' | '#' | '%' => {
                if ch == ':' {
                    null_is_unset = true;
                    match self.next() {
                        Some(c) => {
                            ch = c;
                            chs.push(c);
                        }
                        None => return Err("syntax error: missing '}'".into()),
                    }
                }
                let raw = ch == '#' || ch == '%';
                if null_is_unset && raw {
                    return Err(format!("unsupported modifier ({chs}) in substitution"));
                }
                let word = match self.process_stop_on(Some('}'), raw) {
                    Ok((w, _)) => w,
                    Err(e) => {
                        return Err(if self.peek().is_none() {
                            "syntax error: missing '}'".into()
                        } else {
                            e
                        });
                    }
                };
                let value = self.get_env(&name);
                if self.lex.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}{chs}{word}}}"));
                }
                let unset = match &value {
                    None => true,
                    Some(v) => null_is_unset && v.is_empty(),
                };
                match ch {
                    '-' => Ok(if unset {
                        word
                    } else {
                        value.unwrap_or_default()
                    }),
                    '+' => Ok(if unset { String::new() } else { word }),
                    '?' => match value {
                        None => Err(format!(
                            "{name}: {}",
                            if word.is_empty() {
                                "is not allowed to be unset"
                            } else {
                                &word
                            }
                        )),
                        Some(v) if null_is_unset && v.is_empty() => Err(format!(
                            "{name}: {}",
                            if word.is_empty() {
                                "is not allowed to be empty"
                            } else {
                                &word
                            }
                        )),
                        Some(v) => Ok(v),
                    },
                    '#' | '%' => {
                        let value = value.unwrap_or_default();
                        let (greedy, pat) = match word.strip_prefix(ch) {
                            Some(rest) => (true, rest.to_string()),
                            None => (false, word),
                        };
                        if ch == '%' {
                            trim_suffix(&pat, &value, greedy)
                        } else {
                            trim_prefix(&pat, &value, greedy)
                        }
                    }
                    _ => Err(format!("unsupported modifier ({chs}) in substitution")),
                }
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.pos += 1;
                }
                let pattern = match self.process_stop_on(Some('/'), true) {
                    Ok((w, _)) => w,
                    Err(e) => {
                        return Err(if self.peek().is_none() {
                            "syntax error: missing '/' in ${}".into()
                        } else {
                            e
                        });
                    }
                };
                let repl = match self.process_stop_on(Some('}'), true) {
                    Ok((w, _)) => w,
                    Err(e) => {
                        return Err(if self.peek().is_none() {
                            "syntax error: missing '}'".into()
                        } else {
                            e
                        });
                    }
                };
                let value = self.get_env(&name);
                if self.lex.skip_unset_env && value.is_none() {
                    return Ok(format!("${{{name}/{pattern}/{repl}}}"));
                }
                replace(&pattern, &repl, &value.unwrap_or_default(), all)
            }
            _ => Err(format!("unsupported modifier ({chs}) in substitution")),
        }
    }

    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_numeric() {
                while let Some(d) = self.peek().filter(|c| c.is_numeric()) {
                    name.push(d);
                    self.pos += 1;
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.pos += 1;
                return ch.to_string();
            }
            if !ch.is_alphabetic() && !ch.is_numeric() && ch != '_' {
                break;
            }
            name.push(ch);
            self.pos += 1;
        }
        name
    }
}

/// One element of a shell pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Glob {
    Star,
    Any,
    Lit(char),
    /// `[…]`: the members as written (ranges `a-z` included), negated with
    /// a leading `!` or `^`.
    Class(Vec<char>, bool),
}

/// Splits a shell pattern (`*`, `?`, `[...]`, `\x`) into its elements. A
/// `[` without a closing `]` is a literal `[`.
fn glob_compile(pattern: &[char]) -> Vec<Glob> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut i = 0;
    while let Some(&c) = pattern.get(i) {
        i += 1;
        match c {
            '*' => out.push(Glob::Star),
            '?' => out.push(Glob::Any),
            '[' => {
                // A `]` right after `[` is a member, not the end.
                let close = pattern
                    .get(i + 1..)
                    .and_then(|r| r.iter().position(|&c| c == ']'))
                    .map(|p| i + 1 + p);
                match close {
                    Some(close) => {
                        let mut set = pattern.get(i..close).unwrap_or_default();
                        let negate = matches!(set.first(), Some('!' | '^'));
                        if negate {
                            set = set.get(1..).unwrap_or_default();
                        }
                        out.push(Glob::Class(set.to_vec(), negate));
                        i = close + 1;
                    }
                    None => out.push(Glob::Lit('[')),
                }
            }
            '\\' => match pattern.get(i) {
                Some(&n) => {
                    out.push(Glob::Lit(n));
                    i += 1;
                }
                None => out.push(Glob::Lit('\\')),
            },
            c => out.push(Glob::Lit(c)),
        }
    }
    out
}

fn class_has(set: &[char], t: char) -> bool {
    let mut i = 0;
    while let Some(&c) = set.get(i) {
        match (set.get(i + 1), set.get(i + 2)) {
            (Some('-'), Some(&hi)) => {
                if c <= t && t <= hi {
                    return true;
                }
                i += 3;
            }
            _ => {
                if c == t {
                    return true;
                }
                i += 1;
            }
        }
    }
    false
}

fn glob_one(g: &Glob, t: char) -> bool {
    match g {
        Glob::Star | Glob::Any => true,
        Glob::Lit(c) => *c == t,
        Glob::Class(set, negate) => class_has(set, t) != *negate,
    }
}

/// Runs `pattern` over `text` from the start and reports, for each prefix
/// length, whether the pattern matches that prefix. Stops early when no
/// match can follow. A set of pattern positions is stepped per character,
/// so the cost is at most `pattern.len()` steps per character; `None` when
/// that exceeds `budget`.
fn glob_prefixes(
    pattern: &[Glob],
    text: impl Iterator<Item = char>,
    budget: &mut usize,
    mut on_match: impl FnMut(usize) -> bool,
) -> Option<()> {
    let n = pattern.len();
    let mut live = vec![false; n + 1];
    let mut next = vec![false; n + 1];
    let close = |set: &mut Vec<bool>| {
        for q in 0..n {
            if set.get(q) == Some(&true)
                && pattern.get(q) == Some(&Glob::Star)
                && let Some(x) = set.get_mut(q + 1)
            {
                *x = true;
            }
        }
    };
    if let Some(x) = live.first_mut() {
        *x = true;
    }
    close(&mut live);
    let mut consumed = 0usize;
    if live.get(n) == Some(&true) && on_match(0) {
        return Some(());
    }
    for c in text {
        *budget = budget.checked_sub(n + 1)?;
        next.iter_mut().for_each(|x| *x = false);
        let mut any = false;
        for (q, g) in pattern.iter().enumerate() {
            if live.get(q) != Some(&true) {
                continue;
            }
            let to = if *g == Glob::Star { q } else { q + 1 };
            if glob_one(g, c)
                && let Some(x) = next.get_mut(to)
            {
                *x = true;
                any = true;
            }
        }
        if !any {
            return Some(());
        }
        close(&mut next);
        std::mem::swap(&mut live, &mut next);
        consumed += 1;
        if live.get(n) == Some(&true) && on_match(consumed) {
            return Some(());
        }
    }
    Some(())
}

/// Steps a pattern operation may take: proportional to the pattern as
/// written, so a word costs work linear in its length however long the
/// variable's value is. Real uses (`${v%%-*}`) need a small fraction; a
/// costly one fails and the word is left unexpanded.
fn glob_budget(pattern: &str) -> usize {
    1024 + 64 * pattern.len()
}

const PATTERN_TOO_COSTLY: &str = "pattern too costly to match";

fn compile(pattern: &str) -> Vec<Glob> {
    glob_compile(&pattern.chars().collect::<Vec<_>>())
}

fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Res<String> {
    let p = compile(pattern);
    let v: Vec<char> = value.chars().collect();
    let mut budget = glob_budget(pattern);
    let mut cut = None;
    glob_prefixes(&p, v.iter().copied(), &mut budget, |len| {
        cut = Some(len);
        !greedy
    })
    .ok_or(PATTERN_TOO_COSTLY)?;
    Ok(match cut {
        Some(len) => v.get(len..).unwrap_or_default().iter().collect(),
        None => value.to_string(),
    })
}

fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Res<String> {
    // A suffix match is a prefix match of the reversed pattern over the
    // reversed text (every element but `*` is one character).
    let mut p = compile(pattern);
    p.reverse();
    let v: Vec<char> = value.chars().collect();
    let mut budget = glob_budget(pattern);
    let mut cut = None;
    glob_prefixes(&p, v.iter().rev().copied(), &mut budget, |len| {
        cut = Some(len);
        !greedy
    })
    .ok_or(PATTERN_TOO_COSTLY)?;
    Ok(match cut {
        Some(len) => v
            .get(..v.len() - len.min(v.len()))
            .unwrap_or_default()
            .iter()
            .collect(),
        None => value.to_string(),
    })
}

fn replace(pattern: &str, repl: &str, value: &str, all: bool) -> Res<String> {
    let p = compile(pattern);
    let v: Vec<char> = value.chars().collect();
    let mut budget = glob_budget(pattern);
    let mut out = String::new();
    let mut i = 0;
    let mut replaced = false;
    while i <= v.len() {
        let mut found = None;
        if !replaced || all {
            // The longest match starting at `i`.
            let rest = v.get(i..).unwrap_or_default();
            glob_prefixes(&p, rest.iter().copied(), &mut budget, |len| {
                found = Some(i + len);
                false
            })
            .ok_or(PATTERN_TOO_COSTLY)?;
        }
        match found {
            Some(e) if e > i || !p.is_empty() => {
                out.push_str(repl);
                replaced = true;
                if e == i {
                    if let Some(c) = v.get(i) {
                        out.push(*c);
                    }
                    i += 1;
                } else {
                    i = e;
                }
            }
            _ => {
                if let Some(c) = v.get(i) {
                    out.push(*c);
                }
                i += 1;
            }
        }
    }
    Ok(out)
}
