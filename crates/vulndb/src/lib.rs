//! `bosun-vulndb`: OSV advisories in a local SQLite store.
//!
//! - [`osv`]: the OSV record model (schema 1.6+; unknown fields and
//!   ecosystems tolerated).
//! - [`ingest`]: reading zips, `<ECOSYSTEM>/all.zip` layouts, directory
//!   trees and single JSON/YAML files; malformed records are reported, never
//!   fatal.
//! - [`store`]: the schema-versioned database, its queries
//!   ([`Store::advisories_for`]) and the atomic [`Builder`].
//! - [`enrich`]: NVD, CVE List, KEV, EPSS and Debian tracker readers,
//!   stored by [`Builder::import_enrichment`].
//! - [`update`]: downloads with conditional requests from an OSV mirror.
//! - [`transfer`]: `db import` and `db export` for air-gapped sites.

pub mod config;
pub mod ecosystem;
pub mod enrich;
pub mod error;
pub mod ingest;
pub mod osv;
pub mod progress;
mod source;
pub mod store;
pub mod time;
pub mod transfer;
pub mod update;

pub use bosun_types::advisory::AdvisorySource;
pub use config::DbConfig;
pub use ecosystem::{base_ecosystem, normalize_name};
pub use error::{Error, Result};
pub use ingest::Malformed;
pub use progress::{NoProgress, Progress, Unit};
pub use store::{
    AdvisoryMatch, AdvisorySummary, AffectedEntry, Builder, DbStatus, EcosystemCount, EnrichReport,
    SourceReport, SourceStatus, Store, VersionList, default_path,
};
pub use transfer::{ImportReport, SourceFailure, export, import, import_enrichment};
pub use update::{UpdateOptions, UpdateReport, update};
