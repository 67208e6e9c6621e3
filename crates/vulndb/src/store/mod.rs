//! The local store: one SQLite file, schema-versioned, never modified in
//! place by an import or update.
//!
//! Writers build a new file next to the live one ([`Builder`]: a copy of
//! the live database, or an empty one) and rename it over the live file
//! when everything succeeded. Readers that opened the old file keep its
//! inode, and a writer that is killed leaves only a temporary file behind,
//! which the next writer removes.
//!
//! Affected packages are stored clustered by (base ecosystem, normalised
//! name) (a `WITHOUT ROWID` table), so one package's entries share pages,
//! and each carries a copy of its advisory's header (id, aliases, summary,
//! severity…): a query reads only those few pages, never the advisory
//! table. Ranges are compact JSON of typed events; the full record is kept
//! zstd-compressed in the advisory table for reports.

mod builder;
mod enrich;
mod prepare;
mod read;
mod schema;
mod writer;

pub(crate) use builder::remove_stale_files;
pub use builder::{Builder, SourceMeta, SourceReport};
pub use enrich::EnrichReport;
pub use read::{
    AdvisoryMatch, AdvisorySummary, AffectedEntry, DbStatus, EcosystemCount, SourceStatus, Store,
    VersionList,
};
pub use schema::{DB_FILE_NAME, SCHEMA_VERSION, default_path};
