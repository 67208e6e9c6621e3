//! `bosun explain`'s answer as data: for an id or alias, each installed
//! package it concerns, whether it is affected, and the ranges and
//! comparisons that decided, with the advisory records behind it.

use serde::Serialize;

use crate::finding::{Evidence, Finding, PackageRef};

/// Why one package is or is not affected by one vulnerability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The id asked about.
    pub query: String,
    /// The package.
    pub package: PackageRef,
    /// Whether it is affected.
    pub affected: bool,
    /// The finding, when affected.
    pub finding: Option<Finding>,
    /// Every comparison made against the package's version: the ranges
    /// that contained it, or, when none did, each that was tried.
    pub evidence: Vec<Evidence>,
    /// The advisory records involved.
    pub records: Vec<RecordInfo>,
    /// Ranges or versions that could not be evaluated.
    pub problems: Vec<String>,
}

/// The parts of an advisory record `explain` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordInfo {
    /// Its id.
    pub id: String,
    /// Its aliases.
    pub aliases: Vec<String>,
    /// The records it derives from.
    pub upstream: Vec<String>,
    /// One line.
    pub summary: Option<String>,
    /// The full description.
    pub details: Option<String>,
    /// Published.
    pub published: Option<String>,
    /// Last modified.
    pub modified: String,
    /// Withdrawn, if it was (a withdrawn record never matches).
    pub withdrawn: Option<String>,
    /// Its links.
    pub references: Vec<String>,
}
