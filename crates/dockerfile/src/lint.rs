//! Runs the rules over a Dockerfile and applies what the user asked for:
//! inline and global ignore pragmas (`# bosun ignore=…`, and hadolint's
//! `# hadolint ignore=…` for migration), ignored codes and severity
//! overrides from the configuration.

#![warn(clippy::indexing_slicing)]

use std::collections::{HashMap, HashSet};

use crate::config::{LintConfig, Severity};
use crate::finding::Finding;
use crate::model::Dockerfile;
use crate::rules::{Ctx, RULES, Rule};

/// Where an ignore pragma applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PragmaScope {
    /// The instruction on the next line.
    Next,
    /// The stage whose `FROM` follows.
    Stage,
    /// The whole file.
    Global,
}

/// Parses `hadolint [global|stage] ignore=A,B` / `bosun … ignore=…` (the
/// comment text after `#`).
pub fn parse_pragma(text: &str) -> Option<(PragmaScope, Vec<String>)> {
    let rest = text.trim();
    let rest = rest
        .strip_prefix("hadolint")
        .or_else(|| rest.strip_prefix("bosun"))?;
    if !rest.starts_with(char::is_whitespace) {
        return None;
    }
    let rest = rest.trim_start();
    let (scope, rest) = if let Some(r) = rest.strip_prefix("global") {
        (PragmaScope::Global, r.trim_start())
    } else if let Some(r) = rest.strip_prefix("stage") {
        (PragmaScope::Stage, r.trim_start())
    } else {
        (PragmaScope::Next, rest)
    };
    let rest = rest
        .strip_prefix("ignore")?
        .trim_start()
        .strip_prefix('=')?;
    let list = rest.split('#').next().unwrap_or_default();
    let codes: Vec<String> = list
        .split(',')
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    // Like hadolint, a pragma naming something that is not a rule code is
    // not a pragma at all.
    let valid = |c: &String| {
        let b = c.as_bytes();
        b.len() == 6
            && b.get(..2)
                .is_some_and(|p| p.iter().all(u8::is_ascii_uppercase))
            && b.get(2..).is_some_and(|p| p.iter().all(u8::is_ascii_digit))
    };
    (!codes.is_empty() && codes.iter().all(valid)).then_some((scope, codes))
}

/// The codes of an ignore pragma of the given kind (`"ignore"` for the
/// next-line form).
pub(crate) fn pragma_codes(text: &str, kind: &str) -> Option<Vec<String>> {
    let (scope, codes) = parse_pragma(text)?;
    let want = match kind {
        "global" => PragmaScope::Global,
        "stage" => PragmaScope::Stage,
        _ => PragmaScope::Next,
    };
    (scope == want).then_some(codes)
}

/// The finding for a file that does not parse (hadolint's DL1000).
pub fn parse_error_finding(file: &str, e: &crate::ParseError) -> Finding {
    Finding {
        file: file.to_string(),
        line: e.line,
        column: e.column,
        code: "DL1000".into(),
        severity: Severity::Error,
        message: e.message.clone(),
    }
}

/// Lints `text`, naming it `file` in findings. A parse error is a finding.
pub fn lint(file: &str, text: &str, config: &LintConfig) -> Vec<Finding> {
    match Dockerfile::parse(text) {
        Ok(df) => lint_dockerfile(file, &df, config),
        Err(e) => vec![parse_error_finding(file, &e)],
    }
}

/// The severity `rule` reports at under `config`.
pub fn effective_severity(rule: &dyn Rule, config: &LintConfig) -> Severity {
    config
        .severity_overrides
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(rule.code()))
        .map_or(rule.severity(), |(_, s)| *s)
}

/// Lints an already parsed file with every rule.
pub fn lint_dockerfile(file: &str, df: &Dockerfile, config: &LintConfig) -> Vec<Finding> {
    lint_with(file, df, config, RULES, false)
}

/// Lints with the given rules. With `all`, rules whose severity is
/// `ignore` run too (used by tests that exercise every rule).
pub fn lint_with(
    file: &str,
    df: &Dockerfile,
    config: &LintConfig,
    rules: &[&dyn Rule],
    all: bool,
) -> Vec<Finding> {
    let cx = Ctx::new(df, config);
    let ignored: HashSet<String> = config
        .ignored
        .iter()
        .map(|c| c.to_ascii_uppercase())
        .collect();
    // Look-ups by line and stage are hashed so that a file full of pragmas
    // and findings stays linear.
    let mut next_line: HashSet<(usize, String)> = HashSet::new();
    let mut global: HashSet<String> = HashSet::new();
    let mut stage_ignores: HashSet<(usize, String)> = HashSet::new();
    for c in &df.parsed.comments {
        let Some((scope, codes)) = parse_pragma(&c.text) else {
            continue;
        };
        crate::work::add(1);
        match scope {
            PragmaScope::Next => next_line.extend(codes.into_iter().map(|k| (c.line + 1, k))),
            PragmaScope::Global => global.extend(codes),
            PragmaScope::Stage => {
                // Instructions are in line order.
                let next = df.instructions.partition_point(|i| i.line() <= c.line);
                if let Some(stage) = df.instructions.get(next).and_then(|i| i.stage) {
                    stage_ignores.extend(codes.into_iter().map(|k| (stage, k)));
                }
            }
        }
    }
    let stage_of_line: HashMap<usize, Option<usize>> = if stage_ignores.is_empty() {
        HashMap::new()
    } else {
        let mut m = HashMap::new();
        for i in &df.instructions {
            m.entry(i.line()).or_insert(i.stage);
        }
        m
    };
    let mut out = Vec::new();
    for rule in rules {
        let code = rule.code();
        let severity = effective_severity(*rule, config);
        if (severity == Severity::Ignore && !all) || ignored.contains(code) || global.contains(code)
        {
            continue;
        }
        let mut hits = Vec::new();
        rule.check(&cx, &mut hits);
        for h in hits {
            crate::work::add(1);
            if next_line.contains(&(h.line, code.to_string())) {
                continue;
            }
            if let Some(Some(stage)) = stage_of_line.get(&h.line)
                && stage_ignores.contains(&(*stage, code.to_string()))
            {
                continue;
            }
            out.push(Finding {
                file: file.to_string(),
                line: h.line,
                column: h.column,
                code: code.to_string(),
                severity,
                message: h.message.unwrap_or_else(|| rule.summary().to_string()),
            });
        }
    }
    out.extend(too_deep_findings(file, df));
    out.sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
    out
}

/// A `RUN` whose substitutions nest deeper than the shell reader follows
/// gets a DL1000 finding, hadolint's code for input it cannot parse: the
/// commands inside were not linted, so the file must not pass unseen. It
/// cannot be ignored, like any parse error; the rest of the file is still
/// linted.
fn too_deep_findings<'a>(file: &'a str, df: &'a Dockerfile) -> impl Iterator<Item = Finding> + 'a {
    df.instructions
        .iter()
        .filter(|i| i.script.as_ref().is_some_and(|s| s.too_deep))
        .map(move |i| Finding {
            file: file.to_string(),
            line: i.line(),
            column: i.node.column,
            code: "DL1000".into(),
            severity: Severity::Error,
            message: format!(
                "command substitutions nested more than {} deep; the commands inside were not checked",
                crate::shell::MAX_NESTING
            ),
        })
}
