//! The Dockerfile parser, following BuildKit's `frontend/dockerfile/parser`
//! step by step: parser directives, line continuations with the escape
//! character, comments inside continuations, per-instruction argument
//! parsers (JSON or shell form, key=value lists, whitespace lists), builder
//! flags, `ONBUILD` sub-instructions and heredocs. Its output dumps to the
//! very text of BuildKit's `Node.Dump()`, which is how conformance is tested.

#![warn(clippy::indexing_slicing)]

use crate::error::ParseError;
use crate::shlex::{EmptyEnv, Lex};

/// BuildKit's scanner refuses longer lines (`bufio.MaxScanTokenSize`).
const MAX_LINE: usize = 65536;

/// The largest Dockerfile bosun reads: 8 MiB. BuildKit sets no limit, but
/// real Dockerfiles are kilobytes; the cap bounds the time and memory one
/// file can take (linting is linear, about a second per few MiB).
pub const MAX_DOCKERFILE_BYTES: usize = 8 << 20;

/// A parser directive from the top of the file (`# syntax=…`, `# escape=…`,
/// `# check=…`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Directive {
    /// Lower-cased name.
    pub name: String,
    /// Value as written, trimmed.
    pub value: String,
    /// 1-based line.
    pub line: usize,
}

/// A heredoc attached to an instruction (`RUN <<EOF`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heredoc {
    /// The delimiter word, quotes removed.
    pub name: String,
    /// The body, each line followed by `\n`, without the terminator line.
    pub content: String,
    /// False when the delimiter was quoted: the body is then not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// The file descriptor written before `<<` (`3<<EOF`), if any.
    pub fd: Option<u32>,
}

/// A comment line anywhere in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line.
    pub line: usize,
    /// Text after `#`, trimmed.
    pub text: String,
}

/// A non-fatal problem BuildKit reports while parsing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line of the instruction.
    pub line: usize,
    /// Short description.
    pub message: String,
}

/// One instruction, shaped like BuildKit's `Node`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Node {
    /// The instruction keyword as written (`RUN`, `run`, …).
    pub value: String,
    /// Builder flags as written without quotes (`--mount=type=cache,…`).
    pub flags: Vec<String>,
    /// The arguments, as the instruction's argument parser split them.
    pub args: Vec<String>,
    /// The instruction triggered by `ONBUILD`.
    pub sub: Option<Box<Node>>,
    /// Whether the arguments were given in JSON (exec) form.
    pub json: bool,
    /// The whole logical line, continuations joined, comments removed.
    pub original: String,
    /// Heredocs, in the order of their delimiters on the line.
    pub heredocs: Vec<Heredoc>,
    /// Comment lines directly above the instruction.
    pub prev_comment: Vec<String>,
    /// 1-based first line.
    pub start_line: usize,
    /// 1-based last line (including heredoc bodies).
    pub end_line: usize,
    /// 1-based column of the keyword.
    pub column: usize,
    /// For the key=value forms (`ENV`, `LABEL`): the separator of each pair,
    /// `=` or empty for the legacy `ENV key value`.
    pub separators: Vec<String>,
}

impl Node {
    /// The lower-cased keyword.
    pub fn keyword(&self) -> String {
        self.value.to_ascii_lowercase()
    }

    /// BuildKit's `Node.Dump()` of this instruction.
    pub fn dump(&self) -> String {
        let mut s = self.value.to_lowercase();
        if !self.flags.is_empty() {
            s.push_str(" [");
            let quoted: Vec<String> = self.flags.iter().map(|f| go_quote(f)).collect();
            s.push_str(&quoted.join(" "));
            s.push(']');
        }
        if let Some(sub) = &self.sub {
            s.push_str(&format!(" ({})", sub.dump()));
        }
        let mut sep = self.separators.iter();
        let kv = !self.separators.is_empty();
        for (i, a) in self.args.iter().enumerate() {
            s.push(' ');
            s.push_str(&go_quote(a));
            if kv && i % 2 == 1 {
                s.push(' ');
                s.push_str(&go_quote(sep.next().map_or("", String::as_str)));
            }
        }
        s.trim().to_string()
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// Parser directives.
    pub directives: Vec<Directive>,
    /// The escape character in force.
    pub escape: char,
    /// The instructions in order.
    pub nodes: Vec<Node>,
    /// Every comment line.
    pub comments: Vec<Comment>,
    /// Non-fatal problems.
    pub warnings: Vec<Warning>,
}

impl Parsed {
    /// BuildKit's `AST.Dump()` followed by a newline: the format of its
    /// `testfiles/*/result` files.
    pub fn dump(&self) -> String {
        self.nodes
            .iter()
            .map(|n| format!("({})\n", n.dump()))
            .collect()
    }
}

struct Directives {
    escape: char,
    done: bool,
    line: usize,
    seen: Vec<Directive>,
}

impl Directives {
    fn possible(&mut self, line: &str, lineno: usize) -> Result<(), ParseError> {
        self.line += 1;
        if self.done {
            return Ok(());
        }
        if self.line == 1 && line.starts_with("#!") {
            return Ok(());
        }
        let Some((name, value)) = match_directive(line) else {
            self.done = true;
            return Ok(());
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return Ok(());
        }
        if self.seen.iter().any(|d| d.name == name) {
            return Err(ParseError::new(
                lineno,
                1,
                format!("only one {name} parser directive can be used"),
            ));
        }
        if name == "escape" {
            self.escape = match value {
                "\\" => '\\',
                "`" => '`',
                v => {
                    return Err(ParseError::new(
                        lineno,
                        1,
                        format!("invalid escape token '{v}' does not match ` or \\"),
                    ));
                }
            };
        }
        self.seen.push(Directive {
            name,
            value: value.to_string(),
            line: lineno,
        });
        Ok(())
    }
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`
fn match_directive(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('#')?.trim_start_matches(is_re_space);
    let end = rest
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let name = &rest[..end];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let rest = rest[end..]
        .trim_start_matches(is_re_space)
        .strip_prefix('=')?;
    let value = rest.trim_matches(is_re_space);
    (!value.is_empty()).then_some((name, value))
}

/// `\s` in Go's RE2: ASCII whitespace only.
fn is_re_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r')
}

/// `[\t\v\f\r ]`
fn is_ws_sep(c: char) -> bool {
    matches!(c, '\t' | '\x0b' | '\x0c' | '\r' | ' ')
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

/// Removes a trailing escape character (plus blanks after it) and says
/// whether the logical line ends here.
fn trim_continuation(line: &str, escape: char) -> (String, bool) {
    // BuildKit's pattern is `(^|[^E])E[ \t]*$`: an escaped escape character
    // at the end of a line is literal.
    let t = line.trim_end_matches([' ', '\t']);
    match t.strip_suffix(escape) {
        Some(rest) if !rest.ends_with(escape) => (rest.to_string(), false),
        _ => (line.to_string(), true),
    }
}

/// Splits like Go's `bufio.ScanLines`: on `\n`, dropping one trailing `\r`,
/// with no empty last line after a final newline.
fn scan_lines(text: &str) -> Vec<&str> {
    let mut v: Vec<&str> = text.split('\n').collect();
    if v.last() == Some(&"") {
        v.pop();
    }
    v.into_iter()
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect()
}

/// Parses `text` the way BuildKit's `parser.Parse` does.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    if text.len() > MAX_DOCKERFILE_BYTES {
        return Err(ParseError::new(
            1,
            1,
            format!(
                "the Dockerfile is {} bytes, larger than the {} MiB bosun reads",
                text.len(),
                MAX_DOCKERFILE_BYTES >> 20
            ),
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines = scan_lines(text);
    let mut d = Directives {
        escape: '\\',
        done: false,
        line: 0,
        seen: Vec::new(),
    };
    let mut nodes = Vec::new();
    let mut all_comments = Vec::new();
    let mut warnings = Vec::new();
    let mut comments: Vec<String> = Vec::new();
    let mut i = 0usize;
    let mut current = 0usize;
    let take = |i: &mut usize, current: &mut usize| -> Result<Option<&str>, ParseError> {
        let Some(l) = lines.get(*i) else {
            return Ok(None);
        };
        crate::work::add(1);
        if l.len() >= MAX_LINE {
            return Err(ParseError::new(
                *current + 1,
                1,
                "dockerfile line greater than max allowed size of 65535",
            ));
        }
        *i += 1;
        Ok(Some(l))
    };
    while let Some(raw) = take(&mut i, &mut current)? {
        if is_comment(raw) {
            let c = raw.trim_start()[1..].trim();
            all_comments.push(Comment {
                line: current + 1,
                text: c.to_string(),
            });
            if c.is_empty() {
                comments.clear();
            } else {
                comments.push(c.to_string());
            }
        }
        let token = trim_newline(raw).trim_start();
        d.possible(token, current + 1)?;
        let processed = if is_comment(token) { "" } else { token };
        current += 1;
        let start_line = current;
        let column = raw.len() - raw.trim_start().len() + 1;
        let (mut line, mut eol) = trim_continuation(processed, d.escape);
        if eol && line.is_empty() {
            continue;
        }
        let mut empty_cont = false;
        while !eol {
            let Some(next) = take(&mut i, &mut current)? else {
                break;
            };
            let tok = trim_newline(next);
            d.possible(tok, current + 1)?;
            current += 1;
            if is_comment(next) {
                all_comments.push(Comment {
                    line: current,
                    text: next.trim_start()[1..].trim().to_string(),
                });
                continue;
            }
            if tok.trim_start().is_empty() {
                empty_cont = true;
                continue;
            }
            let (l, e) = trim_continuation(tok, d.escape);
            line.push_str(&l);
            eol = e;
        }
        if empty_cont {
            warnings.push(Warning {
                line: start_line,
                message: format!("Empty continuation line found in: {line}"),
            });
        }
        let mut node =
            node_from_line(&line, d.escape).map_err(|m| ParseError::new(start_line, column, m))?;
        node.start_line = start_line;
        node.column = column;
        node.prev_comment = std::mem::take(&mut comments);
        if can_contain_heredoc(&node) && line.contains("<<") {
            let docs =
                heredocs_from_line(&line).map_err(|m| ParseError::new(start_line, column, m))?;
            let mut out = Vec::new();
            for mut doc in docs {
                let mut terminated = false;
                while let Some(body) = take(&mut i, &mut current)? {
                    current += 1;
                    let mut cand = trim_newline(body);
                    if doc.chomp {
                        cand = cand.trim_start_matches('\t');
                    }
                    if cand == doc.name {
                        terminated = true;
                        break;
                    }
                    doc.content.push_str(body);
                    doc.content.push('\n');
                }
                if !terminated {
                    return Err(ParseError::new(start_line, column, "unterminated heredoc"));
                }
                out.push(doc);
            }
            match node.sub.as_deref_mut() {
                Some(sub) if node.value.eq_ignore_ascii_case("onbuild") => {
                    sub.heredocs = out.clone()
                }
                _ => {}
            }
            node.heredocs = out;
        }
        node.end_line = current;
        nodes.push(node);
    }
    if nodes.is_empty() {
        return Err(ParseError::new(
            current.max(1),
            1,
            "file with no instructions",
        ));
    }
    Ok(Parsed {
        directives: d.seen,
        escape: d.escape,
        nodes,
        comments: all_comments,
        warnings,
    })
}

fn can_contain_heredoc(node: &Node) -> bool {
    let n = match &node.sub {
        Some(sub) if node.value.eq_ignore_ascii_case("onbuild") => sub,
        _ => node,
    };
    matches!(n.keyword().as_str(), "add" | "copy" | "run") && !n.json
}

/// How many `ONBUILD`s may be chained on one line. BuildKit's parser has no
/// limit but its builder refuses any chaining (`ONBUILD ONBUILD`); the cap
/// keeps the recursive reader off the end of the stack.
const MAX_ONBUILD_CHAIN: usize = 16;

/// Parses one logical line into an instruction (no line numbers yet).
pub(crate) fn node_from_line(line: &str, escape: char) -> Result<Node, String> {
    node_from_line_at(line, escape, 0)
}

fn node_from_line_at(line: &str, escape: char, depth: usize) -> Result<Node, String> {
    let trimmed = line.trim();
    let (cmd, rest) = match trimmed.find(is_ws_sep) {
        Some(p) => (
            &trimmed[..p],
            Some(trimmed[p..].trim_start_matches(is_ws_sep)),
        ),
        None => (trimmed, None),
    };
    let (args, flags) = match rest {
        Some(r) => {
            let (a, f) = extract_builder_flags(r);
            (a.trim().to_string(), f)
        }
        None => (String::new(), Vec::new()),
    };
    let mut node = Node {
        value: cmd.to_string(),
        flags,
        original: line.to_string(),
        ..Node::default()
    };
    let rest = args.as_str();
    match cmd.to_ascii_lowercase().as_str() {
        "add" | "copy" | "volume" => maybe_json_to_list(rest, &mut node)?,
        "arg" => node.args = parse_words(rest, escape),
        "cmd" | "entrypoint" | "run" | "shell" => maybe_json(rest, &mut node)?,
        "env" => name_val(rest, "ENV", escape, &mut node)?,
        "label" => name_val(rest, "LABEL", escape, &mut node)?,
        "expose" | "from" => node.args = whitespace_list(rest),
        "healthcheck" => health(rest, &mut node)?,
        "maintainer" | "stopsignal" | "user" | "workdir" => {
            if !rest.is_empty() {
                node.args = vec![rest.to_string()];
            }
        }
        "onbuild" => {
            if depth >= MAX_ONBUILD_CHAIN {
                return Err(format!(
                    "ONBUILD chained more than {MAX_ONBUILD_CHAIN} deep"
                ));
            }
            if !rest.is_empty() {
                node.sub = Some(Box::new(node_from_line_at(rest, escape, depth + 1)?));
            }
        }
        _ => node.args = vec![String::new()],
    }
    Ok(node)
}

fn extract_builder_flags(line: &str) -> (String, Vec<String>) {
    #[derive(PartialEq)]
    enum Phase {
        Spaces,
        Word,
        Quote,
    }
    let b = line.as_bytes();
    let mut words = Vec::new();
    let mut phase = Phase::Spaces;
    let mut word: Vec<u8> = Vec::new();
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0usize;
    let to_s = |w: &[u8]| String::from_utf8_lossy(w).into_owned();
    while pos <= b.len() {
        let mut ch = b.get(pos).copied().unwrap_or(0);
        if phase == Phase::Spaces {
            if pos == b.len() {
                break;
            }
            if (ch as char).is_ascii_whitespace() || ch == 0x0b {
                pos += 1;
                continue;
            }
            if ch != b'-' || b.get(pos + 1) != Some(&b'-') {
                return (line[pos..].to_string(), words);
            }
            phase = Phase::Word;
        }
        if pos == b.len() {
            if word != b"--" && (blank_ok || !word.is_empty()) {
                words.push(to_s(&word));
            }
            break;
        }
        if phase == Phase::Word {
            if (ch as char).is_ascii_whitespace() || ch == 0x0b {
                phase = Phase::Spaces;
                if word == b"--" {
                    return (line[pos..].to_string(), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(to_s(&word));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quote;
                pos += 1;
                continue;
            }
            if ch == b'\\' {
                if pos + 1 == b.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                ch = b.get(pos).copied().unwrap_or(ch);
            }
            word.push(ch);
            pos += 1;
            continue;
        }
        // in quote
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        if ch == b'\\' {
            if pos + 1 == b.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            ch = b.get(pos).copied().unwrap_or(ch);
        }
        word.push(ch);
        pos += 1;
    }
    (String::new(), words)
}

/// BuildKit's `parseWords`: splits on blanks, keeping quotes and escapes.
pub fn parse_words(rest: &str, escape: char) -> Vec<String> {
    let chars: Vec<char> = rest.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut in_word, mut in_quote) = (false, false);
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= chars.len() {
        let Some(&c) = chars.get(pos) else {
            if (in_word || in_quote) && (blank_ok || !word.is_empty()) {
                words.push(word);
            }
            break;
        };
        let mut ch = c;
        if !in_word && !in_quote {
            if ch.is_whitespace() {
                pos += 1;
                continue;
            }
            in_word = true;
        }
        if in_word {
            if ch.is_whitespace() {
                in_word = false;
                if blank_ok || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                in_word = false;
                in_quote = true;
            }
            if ch == escape {
                if pos + 1 == chars.len() {
                    pos += 1;
                    continue;
                }
                word.push(ch);
                pos += 1;
                ch = chars.get(pos).copied().unwrap_or(ch);
            }
            word.push(ch);
            pos += 1;
            continue;
        }
        // in quote
        if ch == quote {
            in_quote = false;
            in_word = true;
        }
        if ch == escape && quote != '\'' {
            if pos + 1 == chars.len() {
                in_quote = false;
                in_word = true;
                pos += 1;
                continue;
            }
            pos += 1;
            word.push(ch);
            ch = chars.get(pos).copied().unwrap_or(ch);
        }
        word.push(ch);
        pos += 1;
    }
    words
}

fn name_val(rest: &str, key: &str, escape: char, node: &mut Node) -> Result<(), String> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else {
        return Ok(());
    };
    if !first.contains('=') {
        let Some(p) = rest.find(is_ws_sep) else {
            return Err(format!("{key} must have two arguments"));
        };
        node.args = vec![
            rest[..p].to_string(),
            rest[p..].trim_start_matches(is_ws_sep).to_string(),
        ];
        node.separators = vec![String::new()];
        return Ok(());
    }
    for w in words {
        let Some((k, v)) = w.split_once('=') else {
            return Err(format!(
                "Syntax error - can't find = in {}. Must be of the form: name=value",
                go_quote(&w)
            ));
        };
        node.args.push(k.to_string());
        node.args.push(v.to_string());
        node.separators.push("=".into());
    }
    Ok(())
}

fn whitespace_list(rest: &str) -> Vec<String> {
    if rest.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_sep = false;
    for c in rest.chars() {
        if is_ws_sep(c) {
            if !in_sep {
                out.push(std::mem::take(&mut cur));
            }
            in_sep = true;
        } else {
            in_sep = false;
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

enum JsonErr {
    NotJson,
    NotStrings,
}

fn parse_json(rest: &str) -> Result<Vec<String>, JsonErr> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Err(JsonErr::NotJson);
    }
    let v: Vec<serde_json::Value> = serde_json::from_str(rest).map_err(|_| JsonErr::NotJson)?;
    v.into_iter()
        .map(|x| match x {
            serde_json::Value::String(s) => Ok(s),
            _ => Err(JsonErr::NotStrings),
        })
        .collect()
}

const NOT_STRING_ARRAY: &str =
    "when using JSON array syntax, arrays must be comprised of strings only";

fn maybe_json(rest: &str, node: &mut Node) -> Result<(), String> {
    if rest.is_empty() {
        return Ok(());
    }
    match parse_json(rest) {
        Ok(v) => {
            node.args = v;
            node.json = true;
        }
        Err(JsonErr::NotStrings) => return Err(NOT_STRING_ARRAY.into()),
        Err(JsonErr::NotJson) => node.args = vec![rest.to_string()],
    }
    Ok(())
}

fn maybe_json_to_list(rest: &str, node: &mut Node) -> Result<(), String> {
    match parse_json(rest) {
        Ok(v) => {
            node.args = v;
            node.json = true;
        }
        Err(JsonErr::NotStrings) => return Err(NOT_STRING_ARRAY.into()),
        Err(JsonErr::NotJson) => node.args = whitespace_list(rest),
    }
    Ok(())
}

fn health(rest: &str, node: &mut Node) -> Result<(), String> {
    let sep = rest
        .find(|c: char| c.is_ascii_whitespace())
        .unwrap_or(rest.len());
    if sep == 0 {
        return Ok(());
    }
    let typ = &rest[..sep];
    let cmd = rest[sep..].trim_start();
    let mut inner = Node::default();
    maybe_json(cmd, &mut inner)?;
    node.args = std::iter::once(typ.to_string()).chain(inner.args).collect();
    node.json = inner.json;
    Ok(())
}

fn heredocs_from_line(line: &str) -> Result<Vec<Heredoc>, String> {
    let lex = Lex {
        escape: '\\',
        raw_quotes: true,
        raw_escapes: true,
        skip_unset_env: false,
    };
    let words = lex.process_words(line, &EmptyEnv).unwrap_or_default();
    let mut docs = Vec::new();
    for w in words {
        if let Some(d) = parse_heredoc(&w)? {
            docs.push(d);
        }
    }
    Ok(docs)
}

/// Recognises one heredoc word (`<<EOF`, `<<-"EOF"`, `3<<EOF`): BuildKit's
/// `ParseHeredoc`.
pub fn parse_heredoc(src: &str) -> Result<Option<Heredoc>, String> {
    let digits = src.find(|c: char| !c.is_ascii_digit()).unwrap_or(src.len());
    let Some(after) = src[digits..].strip_prefix("<<") else {
        return Ok(None);
    };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, after),
    };
    if rest.contains('<') || rest.is_empty() {
        return Ok(None);
    }
    let mut lex = Lex {
        escape: '\\',
        raw_quotes: false,
        raw_escapes: false,
        skip_unset_env: true,
    };
    let words = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if words.len() != 1 {
        return Ok(None);
    }
    lex.raw_quotes = true;
    let raw = lex
        .process_words(rest, &EmptyEnv)
        .map_err(|e| e.to_string())?;
    if raw.len() != words.len() {
        return Err(format!(
            "internal lexing of heredoc produced inconsistent results: {rest}"
        ));
    }
    let (Some(word), Some(raw)) = (words.first(), raw.first()) else {
        return Ok(None);
    };
    let count = |s: &str| s.matches(['\'', '"']).count();
    let fd = src[..digits].parse().ok();
    Ok(Some(Heredoc {
        expand: count(word) == count(raw),
        name: word.clone(),
        content: String::new(),
        chomp,
        fd,
    }))
}

/// Go's `strconv.Quote`.
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\x0c' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\x0b' => out.push_str("\\v"),
            ' ' => out.push(' '),
            c if (c as u32) < 0x20 || c == '\x7f' => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() || c.is_whitespace() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32));
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
