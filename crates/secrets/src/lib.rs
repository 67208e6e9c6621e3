//! bosun's secret scanner.
//!
//! A [`Scanner`] is built once from the built-in rule table (`rules.toml`,
//! written from the published token formats) plus the user's custom rules
//! and allow rules ([`SecretsConfig`], the `secrets:` section of
//! `.bosun.yaml`). Scanning a file is two steps, so that the cost of a file
//! is proportional to how secret-like it is rather than to the number of
//! rules:
//!
//! 1. one Aho-Corasick pass over the file's bytes finds every rule keyword;
//! 2. each rule whose keyword occurs runs its regex only in a bounded
//!    window around the hits (merged when they overlap).
//!
//! Binary files and files over the size cap are skipped; windows are
//! bounded, so a huge single-line or minified file costs at most a few
//! passes over its bytes. Findings carry the masked value only
//! ([`bosun_types::mask::mask_value`]).

mod config;
mod rules;
mod scan;

pub use crate::config::{AllowRule, CustomRule, SecretsConfig};
pub use crate::rules::{Rule, builtin_rule_ids};
pub use crate::scan::{DEFAULT_MAX_FILE_SIZE, Match, Scanner, Unplaced, entropy, is_binary};

/// Why a rule table or configuration could not be turned into a scanner.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The built-in rule table did not parse (a bug caught by the tests).
    #[error("built-in secret rules: {0}")]
    Builtin(String),
    /// A rule's regex did not compile.
    #[error("secret rule {rule}: invalid regex: {message}")]
    Regex {
        /// The rule id.
        rule: String,
        /// The regex compiler's message.
        message: String,
    },
    /// An allow rule's glob did not compile.
    #[error("secret allow rule {rule}: invalid path glob {glob:?}: {message}")]
    Glob {
        /// The allow rule id.
        rule: String,
        /// The glob.
        glob: String,
        /// The glob compiler's message.
        message: String,
    },
    /// A custom rule or allow rule is not usable.
    #[error("secret rule {rule}: {message}")]
    Invalid {
        /// The rule id.
        rule: String,
        /// What is wrong.
        message: String,
    },
    /// The keyword automaton could not be built.
    #[error("secret keywords: {0}")]
    Keywords(String),
}
