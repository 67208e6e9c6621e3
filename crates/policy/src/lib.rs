//! bosun's policy engine: the policy file (`bosun.policy/v1`), validated
//! with every error located by line and column; rule kinds in a registry
//! (one file each); mappings that choose a policy per image; allowlists
//! with reason, owner and expiry; and evaluation to a `go` / `warn` /
//! `stop` verdict that shows its evidence.
//!
//! The engine sees plain data ([`Subject`]) — findings, packages, the
//! image configuration, lint findings, the database's age — never how it
//! was obtained, so the CLI's `gate` and a service evaluating stored
//! results share it.

mod allow;
mod error;
mod eval;
mod file;
mod pattern;
pub mod render;
pub mod rules;
mod schema;
mod subject;
mod verdict;

pub use crate::allow::AllowEntry;
pub use crate::error::{Located, PolicyError};
pub use crate::eval::{MAX_EVIDENCE, evaluate};
pub use crate::file::{API_VERSION, Action, MAX_FILE_BYTES, Mapping, Policy, PolicyFile};
pub use crate::pattern::{ImagePattern, PatternError, split_reference};
pub use crate::render::{VERDICT_FORMATS, VerdictFormat, render};
pub use crate::rules::{KINDS, KindInfo, Outcome, Rule};
pub use crate::schema::schema;
pub use crate::subject::{BaseImage, DatabaseFacts, ImageFacts, Subject};
pub use crate::verdict::{
    Allowed, DatabaseId, Decision, Evidence, ImageId, PlatformVerdict, PolicyId, RuleResult,
    Status, VERDICT_SCHEMA, Verdict,
};
