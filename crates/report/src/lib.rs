//! Output formats for bosun's results. Each format is one module; the
//! SARIF 2.1.0 model in [`sarif`] is shared by every command that emits
//! SARIF (lint and scan). The formats of each kind (scan, SBOM, lint) are
//! listed once, in that kind's `FORMATS` registry ([`format`]), which the
//! command line parses `--format` from.
//!
//! Renderers take plain data from `bosun-types` only and return an
//! [`Error`] when serialisation fails, never an empty document. Besides the
//! scan, SBOM and lint formats: the `inspect` table ([`inspect`]),
//! `explain`'s text ([`explain`]) and the `db status` JSON ([`db`]).

pub mod db;
mod error;
pub mod explain;
pub mod format;
pub mod inspect;
pub mod lint;
pub mod sarif;
pub mod sbom;
pub mod scan;

pub use crate::error::Error;
pub use crate::format::FormatInfo;
