//! A small POSIX `sh` reader for `RUN` bodies. It is not an interpreter: it
//! finds the simple commands a script would run (inside `&&`/`||`/`;`
//! chains, pipes, sub-shells, `{ }` groups, `if`/`for`/`while`/`case`
//! bodies and `$( )` substitutions) with their words unquoted, plus which
//! commands are joined by pipes. That is what lint rules look at.

#![warn(clippy::indexing_slicing)]

/// One word of a command, e.g. `"$HOME"/bin` or `--no-cache`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Word {
    /// The text as written.
    pub raw: String,
    /// The text with quotes and escapes removed; expansions (`$X`, `$(…)`)
    /// are kept as written.
    pub value: String,
    /// Whether any part of the word was quoted.
    pub quoted: bool,
}

/// A simple command: `apt-get install -y curl`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Command {
    /// The command word (`apt-get`), unquoted.
    pub name: String,
    /// The words after the name (redirections excluded).
    pub args: Vec<Word>,
    /// `NAME=value` assignments written before the name.
    pub assignments: Vec<String>,
    /// Index of the pipeline this command belongs to in
    /// [`Script::pipelines`], when it is piped to or from another command.
    pub pipeline: Option<usize>,
}

impl Command {
    /// The argument values.
    pub fn arg_values(&self) -> impl Iterator<Item = &str> {
        self.args.iter().map(|w| w.value.as_str())
    }

    /// Whether any argument equals `v`.
    pub fn has_arg(&self, v: &str) -> bool {
        self.arg_values().any(|a| a == v)
    }

    /// Flags the way hadolint counts them: `--name[=v]` gives `name`, `-abc`
    /// gives `a`, `b` and `c`; `-` and `--` are not flags.
    pub fn flags(&self) -> Vec<String> {
        let mut out = Vec::new();
        for a in self.arg_values() {
            if a == "-" || a == "--" {
                continue;
            }
            if let Some(long) = a.strip_prefix("--") {
                out.push(long.split('=').next().unwrap_or_default().to_string());
            } else if let Some(short) = a.strip_prefix('-') {
                out.extend(short.chars().map(String::from));
            }
        }
        out
    }

    /// Whether the flag `f` (without dashes) is present.
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags().iter().any(|x| x == f)
    }

    /// Arguments that are not flags. With `takes_value`, the word after each
    /// listed flag (written separately, `-o file`) is dropped too.
    pub fn positional(&self, takes_value: &[&str]) -> Vec<&str> {
        let mut out = Vec::new();
        let mut skip = false;
        for a in self.arg_values() {
            if skip {
                skip = false;
                continue;
            }
            if a.starts_with('-') && a.len() > 1 {
                let name = a.trim_start_matches('-');
                if !a.contains('=') && takes_value.contains(&name) {
                    skip = true;
                }
                continue;
            }
            out.push(a);
        }
        out
    }
}

/// The commands of a script.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Script {
    /// Every simple command, in source order; commands inside `$( )` come
    /// right after the command that contains them.
    pub commands: Vec<Command>,
    /// Pipelines of two or more commands, as indices into `commands`.
    pub pipelines: Vec<Vec<usize>>,
    /// Some substitution is nested deeper than [`MAX_NESTING`]; the
    /// commands inside it are missing from `commands`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub too_deep: bool,
}

impl Script {
    /// Whether some command is named `name`.
    pub fn uses(&self, name: &str) -> bool {
        self.commands.iter().any(|c| c.name == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Word(Word, Vec<String>),
    /// `;`, `&&`, `||`, `&`, `;;`, newline, `(`, `)`.
    Sep(&'static str),
    Pipe,
    /// A redirection operator; the next word is its target.
    Redir,
    /// `<<` / `<<-`: the next word is a delimiter; the body lives elsewhere.
    HereDoc,
}

/// How deep `$( )` and backtick substitutions are read. Real scripts nest
/// two or three deep; each level is read again from its text, so the cap
/// also bounds the work at this many passes over the script.
pub const MAX_NESTING: usize = 32;

/// Reads `src` as an `sh` script. Never fails: malformed input yields the
/// commands found up to the problem, and substitutions nested deeper than
/// [`MAX_NESTING`] are left unread (with [`Script::too_deep`] set).
pub fn parse(src: &str) -> Script {
    parse_at(src, 0)
}

fn parse_at(src: &str, depth: usize) -> Script {
    crate::work::add(src.len());
    let toks = lex(src);
    let mut script = Script::default();
    build(&toks, &mut script, depth);
    script
}

fn is_meta(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\n' | ';' | '&' | '|' | '(' | ')' | '<' | '>'
    )
}

/// The character at `i`, if any.
fn at(s: &[char], i: usize) -> Option<char> {
    s.get(i).copied()
}

/// `s[from..to]` as a string, clamped to `s`.
fn text(s: &[char], from: usize, to: usize) -> String {
    let to = to.min(s.len());
    s.get(from.min(to)..to).unwrap_or_default().iter().collect()
}

fn lex(src: &str) -> Vec<Tok> {
    let s: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    while let Some(c) = at(&s, i) {
        match c {
            ' ' | '\t' | '\r' => i += 1,
            '\\' if at(&s, i + 1) == Some('\n') => i += 2,
            '\n' => {
                out.push(Tok::Sep("\n"));
                i += 1;
            }
            '#' => {
                while at(&s, i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            ';' => {
                if at(&s, i + 1) == Some(';') {
                    out.push(Tok::Sep(";;"));
                    i += 2;
                } else {
                    out.push(Tok::Sep(";"));
                    i += 1;
                }
            }
            '&' => {
                if at(&s, i + 1) == Some('&') {
                    out.push(Tok::Sep("&&"));
                    i += 2;
                } else if at(&s, i + 1) == Some('>') {
                    out.push(Tok::Redir);
                    i += if at(&s, i + 2) == Some('>') { 3 } else { 2 };
                } else {
                    out.push(Tok::Sep("&"));
                    i += 1;
                }
            }
            '|' => {
                if at(&s, i + 1) == Some('|') {
                    out.push(Tok::Sep("||"));
                    i += 2;
                } else {
                    out.push(Tok::Pipe);
                    i += if at(&s, i + 1) == Some('&') { 2 } else { 1 };
                }
            }
            '(' => {
                out.push(Tok::Sep("("));
                i += 1;
            }
            ')' => {
                out.push(Tok::Sep(")"));
                i += 1;
            }
            '<' | '>' => i = lex_redirect(&s, i, &mut out),
            _ => {
                // `2>file`: a number glued to a redirection is its fd.
                let mut j = i;
                while at(&s, j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                if j > i && matches!(at(&s, j), Some('<' | '>')) {
                    i = lex_redirect(&s, j, &mut out);
                    continue;
                }
                let (w, subs, next) = lex_word(&s, i);
                out.push(Tok::Word(w, subs));
                i = next.max(i + 1);
            }
        }
    }
    out
}

fn lex_redirect(s: &[char], mut i: usize, out: &mut Vec<Tok>) -> usize {
    let c = at(s, i);
    i += 1;
    if c == Some('<') && at(s, i) == Some('<') {
        i += 1;
        if at(s, i) == Some('<') {
            out.push(Tok::Redir);
            return i + 1;
        }
        if at(s, i) == Some('-') {
            i += 1;
        }
        out.push(Tok::HereDoc);
        return i;
    }
    if matches!(at(s, i), Some('>' | '&' | '|')) || (c == Some('<') && at(s, i) == Some('>')) {
        i += 1;
    }
    out.push(Tok::Redir);
    i
}

/// Reads one word from `i`; returns it, the bodies of its command
/// substitutions, and the index after it.
fn lex_word(s: &[char], mut i: usize) -> (Word, Vec<String>, usize) {
    let start = i;
    let mut value = String::new();
    let mut quoted = false;
    let mut subs = Vec::new();
    while let Some(c) = at(s, i).filter(|&c| !is_meta(c)) {
        match c {
            '\\' => {
                if let Some(n) = at(s, i + 1) {
                    if n != '\n' {
                        value.push(n);
                    }
                    quoted = true;
                }
                i += 2;
            }
            '\'' => {
                quoted = true;
                i += 1;
                while let Some(c) = at(s, i).filter(|&c| c != '\'') {
                    value.push(c);
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                quoted = true;
                i += 1;
                while let Some(c) = at(s, i).filter(|&c| c != '"') {
                    let next = at(s, i + 1);
                    if c == '\\' && matches!(next, Some('"' | '\\' | '$' | '`' | '\n')) {
                        if let Some(n) = next.filter(|&n| n != '\n') {
                            value.push(n);
                        }
                        i += 2;
                    } else if c == '$' && next == Some('(') {
                        i = read_dollar(s, i, &mut value, &mut subs);
                    } else if c == '`' {
                        i = read_backtick(s, i, &mut value, &mut subs);
                    } else {
                        value.push(c);
                        i += 1;
                    }
                }
                i += 1;
            }
            '$' => i = read_dollar(s, i, &mut value, &mut subs),
            '`' => i = read_backtick(s, i, &mut value, &mut subs),
            c => {
                value.push(c);
                i += 1;
            }
        }
    }
    (
        Word {
            raw: text(s, start, i),
            value,
            quoted,
        },
        subs,
        i,
    )
}

/// Copies a `$…` expansion verbatim; `$( )` bodies are also collected.
fn read_dollar(s: &[char], i: usize, value: &mut String, subs: &mut Vec<String>) -> usize {
    let (open, close) = match at(s, i + 1) {
        Some('(') => ('(', ')'),
        Some('{') => ('{', '}'),
        _ => {
            value.push('$');
            return i + 1;
        }
    };
    let arith = open == '(' && at(s, i + 2) == Some('(');
    let mut depth = 0usize;
    let mut j = i + 1;
    let mut quote: Option<char> = None;
    while let Some(c) = at(s, j) {
        match quote {
            Some(q) => {
                if c == '\\' && q == '"' {
                    j += 1;
                } else if c == q {
                    quote = None;
                }
            }
            None => {
                if c == '\\' {
                    j += 1;
                } else if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == open {
                    depth += 1;
                } else if c == close {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
            }
        }
        j += 1;
    }
    let end = j.min(s.len());
    value.push_str(&text(s, i, end + 1));
    if open == '(' && !arith && end > i + 2 {
        subs.push(text(s, i + 2, end));
    }
    end + 1
}

fn read_backtick(s: &[char], i: usize, value: &mut String, subs: &mut Vec<String>) -> usize {
    let mut j = i + 1;
    let mut body = String::new();
    while let Some(mut c) = at(s, j).filter(|&c| c != '`') {
        if c == '\\'
            && let Some(n) = at(s, j + 1)
        {
            j += 1;
            c = n;
        }
        body.push(c);
        j += 1;
    }
    value.push_str(&text(s, i, j + 1));
    subs.push(body);
    j + 1
}

const SKIP_WORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time",
];

fn is_assignment(w: &str) -> bool {
    match w.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

#[derive(PartialEq)]
enum State {
    Start,
    Args,
    /// Skipping a `for NAME in …` header up to its separator.
    ForHeader,
    /// Inside `case WORD in`, before the `)` of a pattern.
    CasePattern,
    CaseHeader,
}

fn build(toks: &[Tok], script: &mut Script, depth: usize) {
    let mut state = State::Start;
    let mut cur: Option<Command> = None;
    let mut assignments: Vec<String> = Vec::new();
    let mut pending_subs: Vec<String> = Vec::new();
    let mut pipeline: Vec<usize> = Vec::new();
    let mut case_depth = 0usize;
    let mut piped = false;
    let mut i = 0;

    fn finish(
        script: &mut Script,
        cur: &mut Option<Command>,
        subs: &mut Vec<String>,
        pipeline: &mut Vec<usize>,
        depth: usize,
    ) -> Option<usize> {
        let idx = cur.take().map(|c| {
            script.commands.push(c);
            script.commands.len() - 1
        });
        if let Some(ix) = idx {
            pipeline.push(ix);
        }
        if depth >= MAX_NESTING && !subs.is_empty() {
            script.too_deep = true;
            subs.clear();
        }
        for sub in subs.drain(..) {
            let inner = parse_at(&sub, depth + 1);
            script.too_deep |= inner.too_deep;
            let base = script.commands.len();
            script.pipelines.extend(
                inner
                    .pipelines
                    .iter()
                    .map(|p| p.iter().map(|x| x + base).collect::<Vec<_>>()),
            );
            script
                .commands
                .extend(inner.commands.into_iter().map(|mut c| {
                    c.pipeline = c
                        .pipeline
                        .map(|p| p + script.pipelines.len() - inner.pipelines.len());
                    c
                }));
        }
        idx
    }
    // `piped` covers `{ …; } | tee`: the group is not a simple command, but
    // the pipe is real.
    fn end_pipeline(script: &mut Script, pipeline: &mut Vec<usize>, piped: &mut bool) {
        if pipeline.len() > 1 || (*piped && !pipeline.is_empty()) {
            let id = script.pipelines.len();
            for &ix in pipeline.iter() {
                if let Some(c) = script.commands.get_mut(ix) {
                    c.pipeline = Some(id);
                }
            }
            script.pipelines.push(std::mem::take(pipeline));
        }
        pipeline.clear();
        *piped = false;
    }

    while let Some(tok) = toks.get(i) {
        match tok {
            Tok::Word(w, subs) => {
                match state {
                    State::ForHeader => {}
                    State::CaseHeader => {
                        if w.value == "in" {
                            state = State::CasePattern;
                        }
                    }
                    State::CasePattern => {
                        if w.value == "esac" {
                            case_depth = case_depth.saturating_sub(1);
                            state = State::Start;
                        }
                    }
                    State::Start => {
                        let v = w.value.as_str();
                        if !w.quoted && SKIP_WORDS.contains(&v) {
                        } else if !w.quoted && (v == "for" || v == "select") {
                            state = State::ForHeader;
                        } else if !w.quoted && v == "case" {
                            case_depth += 1;
                            state = State::CaseHeader;
                        } else if !w.quoted && v == "esac" {
                            case_depth = case_depth.saturating_sub(1);
                        } else if is_assignment(&w.raw) {
                            assignments.push(w.value.clone());
                            pending_subs.extend(subs.iter().cloned());
                        } else if matches!(toks.get(i + 1), Some(Tok::Sep("(")))
                            && matches!(toks.get(i + 2), Some(Tok::Sep(")")))
                        {
                            // function definition `name()`
                            i += 3;
                            continue;
                        } else {
                            cur = Some(Command {
                                name: w.value.clone(),
                                args: Vec::new(),
                                assignments: std::mem::take(&mut assignments),
                                pipeline: None,
                            });
                            pending_subs.extend(subs.iter().cloned());
                            state = State::Args;
                        }
                    }
                    State::Args => {
                        if let Some(c) = cur.as_mut() {
                            c.args.push(w.clone());
                        }
                        pending_subs.extend(subs.iter().cloned());
                    }
                }
            }
            Tok::Redir | Tok::HereDoc => {
                if let Some(Tok::Word(_, subs)) = toks.get(i + 1) {
                    pending_subs.extend(subs.iter().cloned());
                    i += 1;
                }
            }
            Tok::Pipe => {
                piped = true;
                finish(script, &mut cur, &mut pending_subs, &mut pipeline, depth);
                if state != State::CasePattern {
                    state = State::Start;
                }
            }
            Tok::Sep(sep) => {
                finish(script, &mut cur, &mut pending_subs, &mut pipeline, depth);
                end_pipeline(script, &mut pipeline, &mut piped);
                assignments.clear();
                state = match (state, *sep) {
                    (State::CasePattern, ")") => State::Start,
                    (State::CasePattern, _) => State::CasePattern,
                    (State::CaseHeader, _) => State::CaseHeader,
                    (_, ";;") if case_depth > 0 => State::CasePattern,
                    _ => State::Start,
                };
            }
        }
        i += 1;
    }
    finish(script, &mut cur, &mut pending_subs, &mut pipeline, depth);
    end_pipeline(script, &mut pipeline, &mut piped);
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        parse(s).commands.into_iter().map(|c| c.name).collect()
    }

    #[test]
    fn chains_and_groups() {
        assert_eq!(names("a && b || c; d & e"), ["a", "b", "c", "d", "e"]);
        assert_eq!(
            names("(cd /x && make) && { echo hi; }"),
            ["cd", "make", "echo"]
        );
        assert_eq!(
            names("if [ -f x ]; then rm x; else touch x; fi"),
            ["[", "rm", "touch"]
        );
        assert_eq!(names("for f in a b; do echo $f; done"), ["echo"]);
        assert_eq!(
            names("while read l; do echo \"$l\"; done < f"),
            ["read", "echo"]
        );
        assert_eq!(
            names("case $x in a|b) foo ;; *) bar ;; esac; baz"),
            ["foo", "bar", "baz"]
        );
        assert_eq!(names("X=1 Y=\"a b\" env"), ["env"]);
        assert_eq!(names("echo $(uname -m) `id -u`"), ["echo", "uname", "id"]);
        assert_eq!(names("f() { g; }; f"), ["g", "f"]);
        assert_eq!(
            parse("{ echo a; echo b; } | tee f").pipelines,
            vec![vec![2]]
        );
    }

    #[test]
    fn words_and_pipes() {
        let s = parse("curl -fsSL 'https://x' | sh -s -- --yes 2>/dev/null && cat <<EOF >/f");
        assert_eq!(s.commands.len(), 3);
        assert_eq!(s.pipelines, vec![vec![0, 1]]);
        assert_eq!(
            s.commands[0].arg_values().collect::<Vec<_>>(),
            ["-fsSL", "https://x"]
        );
        assert_eq!(
            s.commands[1].arg_values().collect::<Vec<_>>(),
            ["-s", "--", "--yes"]
        );
        assert_eq!(s.commands[2].args.len(), 0);
        assert_eq!(s.commands[0].flags(), ["f", "s", "S", "L"]);
    }

    #[test]
    fn quoting() {
        let s = parse(r#"echo "a \"b\" $X" 'c d' e\ f"#);
        let v: Vec<_> = s.commands[0].arg_values().collect();
        assert_eq!(v, ["a \"b\" $X", "c d", "e f"]);
    }
}
