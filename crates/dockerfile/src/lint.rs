//! Runs the rules over a Dockerfile and applies what the user asked for:
//! inline and global ignore pragmas (`# bosun ignore=…`, and hadolint's
//! `# hadolint ignore=…` for migration), ignored codes and severity
//! overrides from the configuration.

use std::collections::HashSet;

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
            && b[..2].iter().all(u8::is_ascii_uppercase)
            && b[2..].iter().all(u8::is_ascii_digit)
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
    let mut next_line: Vec<(usize, Vec<String>)> = Vec::new();
    let mut global: HashSet<String> = HashSet::new();
    let mut stage_ignores: Vec<(Option<usize>, Vec<String>)> = Vec::new();
    for c in &df.parsed.comments {
        let Some((scope, codes)) = parse_pragma(&c.text) else {
            continue;
        };
        match scope {
            PragmaScope::Next => next_line.push((c.line + 1, codes)),
            PragmaScope::Global => global.extend(codes),
            PragmaScope::Stage => {
                let stage = df
                    .instructions
                    .iter()
                    .find(|i| i.line() > c.line)
                    .and_then(|i| i.stage);
                stage_ignores.push((stage, codes));
            }
        }
    }
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
            if next_line
                .iter()
                .any(|(l, codes)| *l == h.line && codes.iter().any(|c| c == code))
            {
                continue;
            }
            if !stage_ignores.is_empty() {
                let stage = df
                    .instructions
                    .iter()
                    .find(|i| i.line() == h.line)
                    .and_then(|i| i.stage);
                if stage_ignores.iter().any(|(s, codes)| {
                    *s == stage && stage.is_some() && codes.iter().any(|c| c == code)
                }) {
                    continue;
                }
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
    out.sort_by(|a, b| (a.line, &a.code).cmp(&(b.line, &b.code)));
    out
}
