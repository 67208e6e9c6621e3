//! The rule table: the built-in rules of `rules.toml` and custom rules,
//! compiled into one list. Regexes are byte regexes with a size limit, so a
//! hostile custom rule cannot take the process's memory.

use bosun_types::{SecretFinding, Severity};
use regex::bytes::{Regex, RegexBuilder};
use serde::Deserialize;

use crate::Error;
use crate::config::CustomRule;

/// The built-in table, compiled into the binary.
pub(crate) const BUILTIN: &str = include_str!("../rules.toml");

/// Bytes scanned on each side of a keyword hit unless a rule asks for more.
pub(crate) const DEFAULT_WINDOW: usize = 512;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    rule: Vec<Spec>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    id: String,
    title: String,
    severity: String,
    keywords: Vec<String>,
    regex: String,
    #[serde(default)]
    entropy: Option<f64>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    window: Option<usize>,
    #[serde(default)]
    generic: bool,
    #[serde(default)]
    loose: bool,
    #[serde(default)]
    name_deny: Option<String>,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    /// Stable id.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Severity of a finding.
    pub severity: Severity,
    /// Lower-case prefilter keywords.
    pub keywords: Vec<String>,
    pub(crate) regex: Regex,
    pub(crate) entropy: Option<f64>,
    pub(crate) path: Option<Regex>,
    pub(crate) window: usize,
    pub(crate) generic: bool,
    /// The format does not identify a secret by itself, so the rule skips
    /// files that packages ship (documentation, libraries, test data).
    pub(crate) loose: bool,
    pub(crate) name_deny: Option<Regex>,
}

fn compile(rule: &str, pattern: &str) -> Result<Regex, Error> {
    RegexBuilder::new(pattern)
        // ASCII classes: tokens are ASCII, and Unicode `\w{20,300}` compiles
        // to megabytes of automaton.
        .unicode(false)
        .size_limit(8 << 20)
        .dfa_size_limit(8 << 20)
        .build()
        .map_err(|e| Error::Regex {
            rule: rule.to_owned(),
            message: e.to_string(),
        })
}

fn severity(rule: &str, s: &str) -> Result<Severity, Error> {
    Ok(match s.to_ascii_lowercase().as_str() {
        "critical" => Severity::Critical,
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        "unknown" => Severity::Unknown,
        other => {
            return Err(Error::Invalid {
                rule: rule.to_owned(),
                message: format!("unknown severity {other:?}"),
            });
        }
    })
}

impl Rule {
    /// A finding of this rule at `file:line`, not yet placed in a layer.
    pub(crate) fn finding(&self, masked: String, file: &str, line: u32) -> SecretFinding {
        SecretFinding {
            rule: self.id.clone(),
            title: self.title.clone(),
            severity: self.severity,
            masked,
            file: file.to_owned(),
            line,
            layer: None,
            layer_digest: None,
            removed_in: None,
            history: None,
            suppressed: None,
        }
    }
}

impl Spec {
    fn compile(self) -> Result<Rule, Error> {
        let regex = compile(&self.id, &self.regex)?;
        let path = self
            .path
            .as_deref()
            .map(|p| compile(&self.id, p))
            .transpose()?;
        let name_deny = self
            .name_deny
            .as_deref()
            .map(|p| compile(&self.id, p))
            .transpose()?;
        Ok(Rule {
            severity: severity(&self.id, &self.severity)?,
            keywords: self
                .keywords
                .iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            regex,
            entropy: self.entropy,
            path,
            window: self.window.unwrap_or(DEFAULT_WINDOW),
            generic: self.generic,
            loose: self.loose,
            name_deny,
            title: self.title,
            id: self.id,
        })
    }
}

/// The built-in rules, compiled.
pub(crate) fn builtin() -> Result<Vec<Rule>, Error> {
    let table: Table = toml::from_str(BUILTIN).map_err(|e| Error::Builtin(e.to_string()))?;
    table.rule.into_iter().map(Spec::compile).collect()
}

/// The ids of the built-in rules, in table order.
pub fn builtin_rule_ids() -> Vec<String> {
    toml::from_str::<Table>(BUILTIN)
        .map(|t| t.rule.into_iter().map(|r| r.id).collect())
        .unwrap_or_default()
}

/// A custom rule from `.bosun.yaml`, compiled.
pub(crate) fn custom(rule: &CustomRule) -> Result<Rule, Error> {
    if rule.id.is_empty() {
        return Err(Error::Invalid {
            rule: String::new(),
            message: "a rule needs an id".into(),
        });
    }
    Spec {
        id: rule.id.clone(),
        title: rule.title.clone().unwrap_or_else(|| rule.id.clone()),
        severity: rule.severity.clone().unwrap_or_else(|| "high".into()),
        keywords: rule.keywords.clone(),
        regex: rule.regex.clone(),
        entropy: rule.entropy,
        path: rule.path.clone(),
        window: None,
        generic: false,
        loose: false,
        name_deny: None,
    }
    .compile()
}
