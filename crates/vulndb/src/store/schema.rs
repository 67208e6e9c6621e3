//! The database layout: the DDL of a new file, the marks that identify a
//! bosun database and its schema version, and the check readers make
//! before trusting a file.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::read::SourceStatus;
use crate::error::{Error, Result, SqlContext};

/// The schema this version of bosun reads and writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = 3;
/// Marks the file as a bosun database (`PRAGMA application_id`, "BOSU").
pub(super) const APPLICATION_ID: i32 = 0x424F_5355;
/// The database file's name inside the cache directory.
pub const DB_FILE_NAME: &str = bosun_types::dirs::DB_FILE;

pub(super) const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE source (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    fetched_at INTEGER NOT NULL,
    checked_at INTEGER NOT NULL,
    bytes INTEGER,
    sha256 TEXT,
    records INTEGER NOT NULL,
    malformed INTEGER NOT NULL,
    skipped TEXT
);
CREATE TABLE advisory (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    modified TEXT NOT NULL,
    published TEXT,
    withdrawn TEXT,
    summary TEXT,
    aliases TEXT,
    severity TEXT,
    database_specific TEXT,
    record BLOB NOT NULL
);
CREATE TABLE advisory_source (
    source TEXT NOT NULL,
    advisory INTEGER NOT NULL,
    PRIMARY KEY (source, advisory)
) WITHOUT ROWID;
CREATE TABLE alias (
    alias TEXT NOT NULL,
    advisory INTEGER NOT NULL,
    PRIMARY KEY (alias, advisory)
) WITHOUT ROWID;
CREATE INDEX alias_advisory ON alias (advisory);
CREATE TABLE affected (
    base TEXT NOT NULL,
    name TEXT NOT NULL,
    advisory INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    id TEXT NOT NULL,
    withdrawn INTEGER NOT NULL,
    aliases TEXT,
    summary TEXT,
    modified TEXT NOT NULL,
    published TEXT,
    adv_severity TEXT,
    adv_database_specific TEXT,
    ecosystem TEXT NOT NULL,
    raw_name TEXT NOT NULL,
    purl TEXT,
    ranges TEXT,
    versions TEXT,
    severity TEXT,
    ecosystem_specific TEXT,
    database_specific TEXT,
    PRIMARY KEY (base, name, advisory, idx)
) WITHOUT ROWID;
CREATE INDEX affected_advisory ON affected (advisory);
CREATE TABLE malformed (
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    id TEXT,
    reason TEXT NOT NULL
);
";

/// `vulndb.sqlite` under the cache root ([`bosun_types::dirs::cache_root`]).
pub fn default_path() -> Option<PathBuf> {
    Some(bosun_types::dirs::cache_root()?.join(DB_FILE_NAME))
}

pub(super) const SOURCE_COLUMNS: &str = "name, url, etag, last_modified, fetched_at, checked_at, bytes, \
                              sha256, records, malformed, skipped";

pub(super) fn source_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SourceStatus> {
    Ok(SourceStatus {
        name: r.get(0)?,
        url: r.get(1)?,
        etag: r.get(2)?,
        last_modified: r.get(3)?,
        fetched_at: r.get(4)?,
        checked_at: r.get(5)?,
        bytes: r.get(6)?,
        sha256: r.get(7)?,
        records: r.get(8)?,
        malformed: r.get(9)?,
        skipped: super::read::from_json_col(r.get_ref(10)?),
    })
}

pub(super) fn check_schema(conn: &Connection, path: &Path) -> Result<()> {
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .at(path)?;
    let version: i32 = conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .at(path)?;
    if app != APPLICATION_ID {
        return Err(Error::Incompatible {
            path: path.to_owned(),
            reason: "not a bosun vulnerability database".into(),
        });
    }
    if version != SCHEMA_VERSION {
        return Err(Error::Incompatible {
            path: path.to_owned(),
            reason: format!(
                "database schema version {version}, this bosun reads version {SCHEMA_VERSION}; \
                 run `bosun db update` or import a matching export"
            ),
        });
    }
    Ok(())
}
