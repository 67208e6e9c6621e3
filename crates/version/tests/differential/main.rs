//! Differential tests: bosun's comparators against the real
//! implementations (dpkg's Perl module, rpm's Python binding, Python's
//! `packaging`, node's `semver`, Maven's `ComparableVersion`, RubyGems,
//! NuGet.Versioning),
//! on the published test vectors in ../shared/data/versions, versions from
//! real package databases and advisories, and generated edits of them.
//! Every oracle gets all of its questions in one process.

// Test helpers report to stderr and fail loudly, like tests.
#![allow(
    clippy::print_stderr,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod apk;
mod common;
mod composer;
mod dpkg;
mod golang;
mod maven;
mod npm;
mod nuget;
mod pep440;
mod rpm;
mod rubygems;
mod semver_family;
