//! Matching: an [`Sbom`](bosun_catalog::Sbom) against the vulnerability
//! database gives [`Finding`]s, one per (vulnerability, package), each
//! with its severity and where that came from, the fixed versions, and the
//! layer that introduced the package.
//!
//! Findings are data: a package whose version cannot be parsed is reported
//! as [`Unmatched`], never dropped and never an error.

mod finding;

pub use crate::finding::{
    Evidence, Finding, FixStatus, PackageRef, Report, SCAN_SCHEMA, Score, Severity, Suppression,
    Unmatched,
};
