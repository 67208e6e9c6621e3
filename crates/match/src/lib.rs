//! Matching: an [`Sbom`](bosun_types::Sbom) against an advisory source
//! ([`AdvisorySource`], the vulnerability database) gives [`Finding`]s, one per (vulnerability, package), each
//! with its severity and where that came from, the fixed versions, and the
//! layer that introduced the package.
//!
//! Findings are data: a package whose version cannot be parsed is reported
//! as [`Unmatched`], never dropped and never an error.
//!
//! - [`match_sbom`]: the matcher (which name and version, ranges, merging;
//!   see `matcher.rs`), with severities decided as `severity.rs` documents.
//! - [`filter`]: `--severity`, `--min-cvss`, `--ignore-unfixed`, and
//!   [`fails`] for `--fail-on`.
//! - [`ignore`] and [`vex`]: suppressions, applied by [`suppress`].
//! - [`explain()`]: the comparisons behind (or against) a finding.

mod error;
pub mod explain;
pub mod filter;
pub mod glob;
pub mod ignore;
mod matcher;
mod severity;
mod suppress;
pub mod vex;

pub use crate::error::Error;
pub use crate::explain::explain;
pub use crate::filter::{Filter, fails};
pub use crate::ignore::IgnoreFile;
pub use crate::matcher::{MatchOptions, match_sbom};
pub use crate::suppress::suppress;
pub use crate::vex::Vex;
pub use bosun_types::advisory::AdvisorySource;
pub use bosun_types::date::Date;
pub use bosun_types::explain::{Explanation, RecordInfo};
pub use bosun_types::finding::{
    DbInfo, DbSource, Evidence, ExpiredIgnore, Finding, FixStatus, PackageRef, Report, SCAN_SCHEMA,
    Score, Severity, Suppression, UnknownSeverity, Unmatched,
};
