//! The typed view of a parsed Dockerfile that rules and image checks use:
//! instructions with their stage, flags and (for `RUN`) parsed shell script,
//! and the list of build stages with their base images.

#![warn(clippy::indexing_slicing)]

use std::collections::HashMap;

use crate::error::ParseError;
use crate::parser::{self, Node, Parsed};
use crate::shell::{self, Script};
use crate::shlex::Lex;

/// One instruction with what rules need to know about it.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The instruction itself; for `ONBUILD X`, the triggered `X`.
    pub node: Node,
    /// Whether the instruction is wrapped in `ONBUILD`.
    pub onbuild: bool,
    /// Index into [`Dockerfile::stages`]; `None` for `ARG`s before the
    /// first `FROM`.
    pub stage: Option<usize>,
    /// The shell script run by a shell-form `RUN` under a POSIX shell,
    /// heredoc bodies included.
    pub script: Option<Script>,
}

impl Instruction {
    /// Lower-cased keyword (of the triggered instruction for `ONBUILD`).
    pub fn keyword(&self) -> String {
        self.node.keyword()
    }

    /// Whether the keyword is `kw` (case-insensitive).
    pub fn is(&self, kw: &str) -> bool {
        self.node.value.eq_ignore_ascii_case(kw)
    }

    /// 1-based line where the instruction starts.
    pub fn line(&self) -> usize {
        self.node.start_line
    }

    /// The value of builder flag `--name=value` (`Some("")` for a bare
    /// `--name`).
    pub fn flag(&self, name: &str) -> Option<&str> {
        self.node.flags.iter().find_map(|f| {
            let f = f.strip_prefix("--")?;
            match f.split_once('=') {
                Some((n, v)) if n == name => Some(v),
                None if f == name => Some(""),
                _ => None,
            }
        })
    }

    /// Every value of a repeatable flag such as `--mount`.
    pub fn flag_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.node.flags.iter().filter_map(move |f| {
            let (n, v) = f.strip_prefix("--")?.split_once('=')?;
            (n == name).then_some(v)
        })
    }

    /// The arguments, with flags removed.
    pub fn args(&self) -> &[String] {
        &self.node.args
    }
}

/// A build stage: a `FROM` and the instructions up to the next one.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Stage {
    /// 0-based position.
    pub index: usize,
    /// The base image as written (`debian:${VERSION}`).
    pub image: String,
    /// The base image with `ARG`s declared before the first `FROM` expanded.
    pub image_expanded: String,
    /// `AS name`, lower-cased as BuildKit treats it.
    pub name: Option<String>,
    /// `--platform` value.
    pub platform: Option<String>,
    /// Line of the `FROM`.
    pub line: usize,
    /// Index of the `FROM` in [`Dockerfile::instructions`].
    pub from_instruction: usize,
}

/// A parsed Dockerfile: the raw BuildKit-shaped result plus the typed view.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    /// The parser's output (directives, comments, warnings, raw nodes).
    pub parsed: Parsed,
    /// Instructions in order.
    pub instructions: Vec<Instruction>,
    /// Build stages in order.
    pub stages: Vec<Stage>,
}

/// Shells whose scripts [`shell::parse`] understands.
fn is_posix_shell(argv0: &str) -> bool {
    let base = argv0.rsplit(['/', '\\']).next().unwrap_or(argv0);
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "busybox"
    )
}

impl Dockerfile {
    /// Parses `text`.
    pub fn parse(text: &str) -> Result<Self, ParseError> {
        let parsed = parser::parse(text)?;
        Ok(Self::from_parsed(parsed))
    }

    /// Builds the typed view of an already parsed file.
    pub fn from_parsed(parsed: Parsed) -> Self {
        let mut instructions = Vec::with_capacity(parsed.nodes.len());
        let mut stages: Vec<Stage> = Vec::new();
        let mut global_args: HashMap<String, String> = HashMap::new();
        let lex = Lex {
            skip_unset_env: true,
            ..Lex::new(parsed.escape)
        };
        // hadolint's `# hadolint shell=…` pragma switches the shell too.
        let mut posix = true;
        let mut pragma_posix: Option<bool> = None;
        let pragma_shell: Vec<(usize, bool)> = parsed
            .comments
            .iter()
            .filter_map(|c| {
                let rest = c.text.strip_prefix("hadolint")?.trim_start();
                let sh = rest.strip_prefix("shell=")?.trim();
                Some((c.line, is_posix_shell(sh)))
            })
            .collect();
        let mut pragmas = pragma_shell.iter().peekable();
        for outer in &parsed.nodes {
            let (node, onbuild) = match &outer.sub {
                Some(sub) if outer.value.eq_ignore_ascii_case("onbuild") => {
                    let mut n = (**sub).clone();
                    n.start_line = outer.start_line;
                    n.end_line = outer.end_line;
                    n.column = outer.column;
                    n.heredocs = outer.heredocs.clone();
                    (n, true)
                }
                _ => (outer.clone(), false),
            };
            // The last pragma above the instruction sets the shell (comments
            // come in line order, so one pass over them suffices).
            let mut last_pragma = None;
            while let Some((_, p)) = pragmas.next_if(|(line, _)| *line < node.start_line) {
                last_pragma = Some(*p);
            }
            if let Some(p) = last_pragma.or(pragma_posix) {
                posix = p;
            }
            pragma_posix = last_pragma.or(pragma_posix);
            let kw = node.keyword();
            if kw == "from" && !onbuild {
                posix = true;
                let image = node.args.first().cloned().unwrap_or_default();
                let image_expanded = lex
                    .process_word(&image, &global_args)
                    .unwrap_or_else(|_| image.clone());
                let name = match node.args.as_slice() {
                    [_, as_kw, name, ..] if as_kw.eq_ignore_ascii_case("as") => {
                        Some(name.to_lowercase())
                    }
                    _ => None,
                };
                stages.push(Stage {
                    index: stages.len(),
                    image,
                    image_expanded,
                    name,
                    platform: node
                        .flags
                        .iter()
                        .find_map(|f| f.strip_prefix("--platform=").map(String::from)),
                    line: node.start_line,
                    from_instruction: instructions.len(),
                });
            }
            if kw == "arg" && stages.is_empty() {
                for a in &node.args {
                    let (k, v) = a.split_once('=').unwrap_or((a, ""));
                    let v = lex.process_word(v, &global_args).unwrap_or_default();
                    global_args.insert(k.to_string(), v);
                }
            }
            if kw == "shell" && node.json && !onbuild {
                posix = node.args.first().is_some_and(|s| is_posix_shell(s));
            }
            let script = (kw == "run" && !node.json && posix).then(|| run_script(&node));
            instructions.push(Instruction {
                node,
                onbuild,
                stage: stages.len().checked_sub(1),
                script,
            });
        }
        Self {
            parsed,
            instructions,
            stages,
        }
    }

    /// The stage that stage `i` builds on (`FROM name` of an earlier stage).
    pub fn parent_stage(&self, i: usize) -> Option<usize> {
        let img = self.stages.get(i)?.image.to_lowercase();
        self.stages
            .get(..i)?
            .iter()
            .rposition(|p| p.name.as_deref() == Some(img.as_str()))
    }

    /// The variables BuildKit would see at instruction `idx`: `ENV`s of the
    /// stage and of the stages it builds on, then the stage's own `ARG`s (an
    /// `ARG` without a value takes the default of the global `ARG` of that
    /// name). Before the first `FROM`, the global `ARG`s so far.
    pub fn vars_at(&self, idx: usize) -> HashMap<String, String> {
        let lex = Lex {
            skip_unset_env: true,
            ..Lex::new(self.parsed.escape)
        };
        let idx = idx.min(self.instructions.len());
        let mut global: HashMap<String, String> = HashMap::new();
        for inst in self.instructions.iter().take_while(|i| i.stage.is_none()) {
            if inst.is("arg") {
                for a in inst.args() {
                    let (k, v) = a.split_once('=').unwrap_or((a, ""));
                    let v = lex
                        .process_word(v, &global)
                        .unwrap_or_else(|_| v.to_string());
                    global.insert(k.to_string(), v);
                }
            }
        }
        let Some(stage) = self.instructions.get(idx).and_then(|i| i.stage) else {
            return global;
        };
        let mut chain = vec![stage];
        while let Some(p) = chain.last().and_then(|&s| self.parent_stage(s)) {
            if chain.contains(&p) {
                break;
            }
            chain.push(p);
        }
        // ENV is inherited by stages built on this one; ARG is not, but it
        // is visible to the ENVs of its own stage.
        let mut inherited: HashMap<String, String> = HashMap::new();
        for &s in chain.iter().rev() {
            let own = s == stage;
            let mut vars = inherited.clone();
            for (j, inst) in self.instructions.iter().enumerate() {
                if inst.stage != Some(s) || inst.onbuild || (own && j >= idx) {
                    continue;
                }
                if inst.is("env") {
                    for kv in inst.args().chunks(2) {
                        if let [k, v] = kv {
                            let v = lex.process_word(v, &vars).unwrap_or_else(|_| v.clone());
                            vars.insert(k.clone(), v.clone());
                            inherited.insert(k.clone(), v);
                        }
                    }
                } else if inst.is("arg") {
                    for a in inst.args() {
                        let (k, v) = match a.split_once('=') {
                            Some((k, v)) => (
                                k,
                                Some(lex.process_word(v, &vars).unwrap_or_else(|_| v.to_string())),
                            ),
                            None => (a.as_str(), global.get(a.as_str()).cloned()),
                        };
                        if let Some(v) = v {
                            vars.insert(k.to_string(), v);
                        }
                    }
                }
            }
            if own {
                return vars;
            }
        }
        inherited
    }

    /// `word` expanded with [`Dockerfile::vars_at`]`(idx)`; references to
    /// unknown variables stay as written.
    pub fn expand(&self, idx: usize, word: &str) -> String {
        let lex = Lex {
            skip_unset_env: true,
            ..Lex::new(self.parsed.escape)
        };
        lex.process_word(word, &self.vars_at(idx))
            .unwrap_or_else(|_| word.to_string())
    }

    /// Instructions of stage `i`.
    pub fn stage_instructions(&self, i: usize) -> impl Iterator<Item = &Instruction> {
        self.instructions.iter().filter(move |x| x.stage == Some(i))
    }
}

/// The script of a shell-form `RUN`: the line itself, and any heredoc body
/// that the shell reads as its script (`RUN <<EOF`, `RUN bash <<EOF`).
fn run_script(node: &Node) -> Script {
    let text = node.args.first().map(String::as_str).unwrap_or_default();
    let mut script = shell::parse(text);
    let shells = [
        "sh",
        "bash",
        "ash",
        "dash",
        "zsh",
        "/bin/sh",
        "/bin/bash",
        "/bin/ash",
    ];
    let feeds_shell = script.commands.is_empty()
        || script.commands.iter().all(|c| {
            shells.contains(&c.name.as_str()) && c.args.iter().all(|a| a.value.starts_with('-'))
        });
    if feeds_shell && let Some(doc) = node.heredocs.first() {
        let body = shell::parse(&doc.content);
        if script.commands.is_empty() {
            script = Script {
                too_deep: script.too_deep || body.too_deep,
                ..body
            };
        } else {
            script.too_deep |= body.too_deep;
            let base = script.commands.len();
            let pbase = script.pipelines.len();
            script.pipelines.extend(
                body.pipelines
                    .iter()
                    .map(|p| p.iter().map(|x| x + base).collect::<Vec<_>>()),
            );
            script
                .commands
                .extend(body.commands.into_iter().map(|mut c| {
                    c.pipeline = c.pipeline.map(|p| p + pbase);
                    c
                }));
        }
    }
    script
}
