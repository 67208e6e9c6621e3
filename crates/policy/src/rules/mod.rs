//! Rule kinds: one file each, one line each in the registry below. A kind
//! has raw parameters (what the YAML says, checked by serde with unknown
//! keys refused), a compile step that checks what serde cannot (globs,
//! SPDX expressions, version ranges) and reports each problem where it is,
//! and an evaluation over a [`Subject`] that returns evidence.
//!
//! A new signal (secrets, image checks, efficiency, signatures) is a new
//! file implementing [`RuleKind`] plus one `registry!` line.

mod config;
mod dockerfile;
mod efficiency;
mod freshness;
mod packages;
mod provenance;
mod secrets;
mod vulnerabilities;

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::error::Located;
use crate::file::Action;
use crate::subject::Subject;
use crate::verdict::Evidence;

/// A `severity-at-least` parameter: the severity, or an error at its place.
fn severity_param(
    raw: Option<&Spanned<String>>,
    errors: &mut Vec<Located>,
) -> Option<bosun_types::Severity> {
    let s = raw?;
    s.value
        .parse()
        .map_err(|e: bosun_types::finding::UnknownSeverity| {
            errors.push(Located::at(&s.referenced, e.to_string()));
        })
        .ok()
}

/// What evaluating a rule produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The evidence found (empty: the rule passes).
    Found(Vec<Evidence>),
    /// The rule could not look (say why); it neither passes nor fails.
    Skipped(String),
}

/// A rule kind.
pub(crate) trait RuleKind: Sized {
    /// Its parameters as written.
    type Raw: for<'de> Deserialize<'de>;
    /// Its key in a rule (`vulnerabilities`).
    const NAME: &'static str;
    /// One line for `bosun policy explain` lists.
    const SUMMARY: &'static str;
    /// What it checks, each parameter, and an example (Markdown).
    const EXPLAIN: &'static str;
    /// The JSON Schema of its parameters.
    fn schema() -> serde_json::Value;
    /// Checks and compiles the parameters; `at` is where they start.
    fn compile(raw: Self::Raw, at: &Location) -> Result<Self, Vec<Located>>;
    /// Looks at the subject.
    fn evaluate(&self, subject: &Subject<'_>) -> Outcome;
    /// Which image checks the rule reads (the gate runs only those).
    fn image_checks(&self) -> ImageChecks {
        ImageChecks::default()
    }
}

/// Which of bosun's image checks a policy reads, so the gate runs them
/// (they need the complete layer index) only when a rule asks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImageChecks {
    /// Configuration and filesystem checks.
    pub config: bool,
    /// The efficiency measures and their checks.
    pub efficiency: bool,
}

impl ImageChecks {
    /// Either.
    pub fn any(self) -> bool {
        self.config || self.efficiency
    }
}

/// A rule kind's documentation and schema, for `bosun policy explain` and
/// `bosun policy schema`.
#[derive(Debug, Clone, Copy)]
pub struct KindInfo {
    /// Its key.
    pub name: &'static str,
    /// One line.
    pub summary: &'static str,
    /// The long text.
    pub explain: &'static str,
    /// Its parameters' JSON Schema.
    pub schema: fn() -> serde_json::Value,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Its id, unique in its policy.
    pub id: String,
    /// What it does when it finds something.
    pub action: Action,
    /// What to tell the user.
    pub message: String,
    /// Its kind and parameters.
    pub params: Params,
    /// Where it is in the file.
    pub line: u64,
}

macro_rules! registry {
    ($($key:ident => $module:ident :: $ty:ident),* $(,)?) => {
        /// A rule as written: common fields plus exactly one kind key.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        pub(crate) struct RawRule {
            pub(crate) id: Spanned<String>,
            pub(crate) action: Action,
            pub(crate) message: String,
            $(
                #[serde(default)]
                $key: Option<Spanned<<$module::$ty as RuleKind>::Raw>>,
            )*
        }

        /// A rule's kind with its compiled parameters.
        #[derive(Debug, Clone)]
        #[allow(private_interfaces)]
        pub enum Params {
            $(
                #[doc = concat!("`", stringify!($key), "`")]
                $ty($module::$ty),
            )*
        }

        /// Every rule kind, in the order `bosun policy explain` lists them.
        pub const KINDS: &[KindInfo] = &[
            $(
                KindInfo {
                    name: <$module::$ty as RuleKind>::NAME,
                    summary: <$module::$ty as RuleKind>::SUMMARY,
                    explain: <$module::$ty as RuleKind>::EXPLAIN,
                    schema: <$module::$ty as RuleKind>::schema,
                },
            )*
        ];

        impl Params {
            /// The kind's key.
            pub fn kind(&self) -> &'static str {
                match self {
                    $( Params::$ty(_) => <$module::$ty as RuleKind>::NAME, )*
                }
            }

            pub(crate) fn evaluate(&self, subject: &Subject<'_>) -> Outcome {
                match self {
                    $( Params::$ty(p) => p.evaluate(subject), )*
                }
            }

            /// Which image checks the rule reads.
            pub fn image_checks(&self) -> ImageChecks {
                match self {
                    $( Params::$ty(p) => p.image_checks(), )*
                }
            }
        }

        impl Rule {
            pub(crate) fn from_raw(raw: RawRule, at: &Location) -> Result<Rule, Vec<Located>> {
                let mut found: Vec<Result<Params, Vec<Located>>> = Vec::new();
                $(
                    if let Some(p) = raw.$key {
                        found.push(
                            <$module::$ty as RuleKind>::compile(p.value, &p.referenced)
                                .map(Params::$ty),
                        );
                    }
                )*
                let id = raw.id.value.trim().to_owned();
                let mut errors = Vec::new();
                if id.is_empty() {
                    errors.push(Located::at(&raw.id.referenced, "rule id must not be empty"));
                }
                if raw.message.trim().is_empty() {
                    errors.push(Located::at(at, format!("rule {id:?}: message must not be empty")));
                }
                let kinds = [$( <$module::$ty as RuleKind>::NAME ),*].join(", ");
                let params = match found.len() {
                    0 => {
                        errors.push(Located::at(
                            at,
                            format!("rule {id:?} names no kind (one of: {kinds})"),
                        ));
                        None
                    }
                    1 => match found.pop() {
                        Some(Ok(p)) => Some(p),
                        Some(Err(mut e)) => {
                            errors.append(&mut e);
                            None
                        }
                        None => None,
                    },
                    _ => {
                        errors.push(Located::at(
                            at,
                            format!("rule {id:?} names several kinds; a rule has one (split it)"),
                        ));
                        None
                    }
                };
                match params {
                    Some(params) if errors.is_empty() => Ok(Rule {
                        id,
                        action: raw.action,
                        message: raw.message.trim().to_owned(),
                        params,
                        line: at.line(),
                    }),
                    _ => Err(errors),
                }
            }
        }
    };
}

registry! {
    vulnerabilities => vulnerabilities::Vulnerabilities,
    packages => packages::Packages,
    config => config::Config,
    provenance => provenance::Provenance,
    dockerfile => dockerfile::Dockerfile,
    freshness => freshness::Freshness,
    secrets => secrets::Secrets,
    efficiency => efficiency::Efficiency,
}

/// Looks up a kind by name.
pub fn kind(name: &str) -> Option<&'static KindInfo> {
    KINDS.iter().find(|k| k.name == name)
}
