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

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::ecosystem::{base_ecosystem, normalize_name};
use crate::error::{Error, IoContext, Result, SqlContext};
use crate::ingest::{self, Malformed, Parsed, RawFile, SourceInput};
use crate::osv::Advisory;
use crate::progress::{Progress, Unit};
use crate::time;

/// The schema this version of bosun reads and writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i32 = 1;
/// Marks the file as a bosun database (`PRAGMA application_id`, "BOSU").
const APPLICATION_ID: i32 = 0x424F_5355;
/// The database file's name inside the cache directory.
pub const DB_FILE_NAME: &str = bosun_types::dirs::DB_FILE;

const SCHEMA: &str = "
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
    malformed INTEGER NOT NULL
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

pub use bosun_types::advisory::{
    AdvisoryMatch, AdvisorySummary, AffectedEntry, DbStatus, EcosystemCount, SourceStatus,
    VersionList,
};

/// The `versions` column: newline-separated text, anything else empty.
fn version_list(v: rusqlite::types::ValueRef<'_>) -> VersionList {
    match v {
        rusqlite::types::ValueRef::Text(t) => {
            VersionList::from_text(String::from_utf8_lossy(t).into_owned())
        }
        _ => VersionList::default(),
    }
}

/// A read-only handle on the database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the database at `path` for queries.
    pub fn open(path: &Path) -> Result<Self> {
        if !path.exists() {
            return Err(Error::Missing(path.to_owned()));
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .at(path)?;
        check_schema(&conn, path)?;
        // Queries touch a few pages each, all over the file: mapping it
        // saves a read system call per page once the file is cached.
        conn.execute_batch("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384;")
            .at(path)?;
        Ok(Self {
            conn,
            path: path.to_owned(),
        })
    }

    /// The file this handle reads.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every advisory, withdrawn ones excepted, with an `affected` entry for
    /// package `name` in `ecosystem`.
    ///
    /// `ecosystem` may be a base (`Debian`: every release) or carry a
    /// release (`Debian:12`: entries for that release and entries that name
    /// no release). `name` is normalised with [`normalize_name`].
    pub fn advisories_for(&self, ecosystem: &str, name: &str) -> Result<Vec<AdvisoryMatch>> {
        let base = base_ecosystem(ecosystem);
        let exact = (base != ecosystem.trim()).then_some(ecosystem.trim());
        let name = normalize_name(ecosystem, name);
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id, aliases, summary, modified, published, adv_severity,
                        adv_database_specific, ecosystem, raw_name, purl, ranges, versions,
                        severity, ecosystem_specific, database_specific
                 FROM affected
                 WHERE base = ?1 AND name = ?2
                   AND (?3 IS NULL OR ecosystem = ?3 OR ecosystem = base)
                   AND withdrawn = 0
                 ORDER BY id, advisory, idx",
            )
            .at(&self.path)?;
        let mut rows = stmt
            .query(params![base, name.as_ref(), exact])
            .at(&self.path)?;
        let mut out: Vec<AdvisoryMatch> = Vec::new();
        while let Some(row) = rows.next().at(&self.path)? {
            self.push_row(row, 0, &mut out)?;
        }
        Ok(out)
    }

    /// Adds one row of the affected-table query (columns from `off`) to
    /// `out`, grouping consecutive rows of one advisory.
    fn push_row(
        &self,
        row: &rusqlite::Row<'_>,
        off: usize,
        out: &mut Vec<AdvisoryMatch>,
    ) -> Result<()> {
        let id: String = row.get(off).at(&self.path)?;
        let entry = AffectedEntry {
            ecosystem: row.get(off + 7).at(&self.path)?,
            name: row.get(off + 8).at(&self.path)?,
            purl: row.get(off + 9).at(&self.path)?,
            ranges: from_json_col(row.get_ref(off + 10).at(&self.path)?),
            versions: version_list(row.get_ref(off + 11).at(&self.path)?),
            severity: from_json_col(row.get_ref(off + 12).at(&self.path)?),
            ecosystem_specific: row.get(off + 13).at(&self.path)?,
            database_specific: row.get(off + 14).at(&self.path)?,
        };
        if let Some(last) = out.last_mut().filter(|m| m.advisory.id == id) {
            last.affected.push(entry);
            return Ok(());
        }
        out.push(AdvisoryMatch {
            advisory: AdvisorySummary {
                id,
                aliases: split_lines(row.get_ref(off + 1).at(&self.path)?),
                summary: row.get(off + 2).at(&self.path)?,
                modified: row.get(off + 3).at(&self.path)?,
                published: row.get(off + 4).at(&self.path)?,
                severity: from_json_col(row.get_ref(off + 5).at(&self.path)?),
                database_specific: row.get(off + 6).at(&self.path)?,
            },
            affected: vec![entry],
        });
        Ok(())
    }

    /// The full record of advisory `id` (withdrawn ones included), as JSON.
    pub fn record_json(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let blob: Option<Vec<u8>> = self
            .conn
            .query_row("SELECT record FROM advisory WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()
            .at(&self.path)?;
        blob.map(|b| {
            zstd::stream::decode_all(b.as_slice()).map_err(|e| Error::Incompatible {
                path: self.path.clone(),
                reason: format!("stored record {id} cannot be decompressed: {e}"),
            })
        })
        .transpose()
    }

    /// The full record of advisory `id`, parsed.
    pub fn advisory(&self, id: &str) -> Result<Option<Advisory>> {
        let Some(json) = self.record_json(id)? else {
            return Ok(None);
        };
        serde_json::from_slice(&json)
            .map(Some)
            .map_err(|e| Error::Incompatible {
                path: self.path.clone(),
                reason: format!("stored record {id} does not parse: {e}"),
            })
    }

    /// Ids of the advisories that are `alias_or_id` or list it as an alias.
    pub fn resolve_id(&self, alias_or_id: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT id FROM advisory WHERE id = ?1
                 UNION SELECT adv.id FROM alias JOIN advisory adv ON adv.pk = alias.advisory
                 WHERE alias.alias = ?1 ORDER BY 1",
            )
            .at(&self.path)?;
        let ids = stmt
            .query_map([alias_or_id], |r| r.get(0))
            .at(&self.path)?
            .collect::<Result<Vec<String>, _>>()
            .at(&self.path)?;
        Ok(ids)
    }

    /// Sources, counts and the schema version.
    pub fn status(&self) -> Result<DbStatus> {
        let p = &self.path;
        let count = |sql: &str| -> Result<i64> { self.conn.query_row(sql, [], |r| r.get(0)).at(p) };
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {SOURCE_COLUMNS} FROM source ORDER BY name"
            ))
            .at(p)?;
        let sources = stmt
            .query_map([], source_from_row)
            .at(p)?
            .collect::<Result<Vec<_>, _>>()
            .at(p)?;
        let mut stmt = self
            .conn
            .prepare(
                "SELECT base, COUNT(DISTINCT advisory) FROM affected GROUP BY base ORDER BY base",
            )
            .at(p)?;
        let ecosystems = stmt
            .query_map([], |r| {
                Ok(EcosystemCount {
                    ecosystem: r.get(0)?,
                    advisories: r.get(1)?,
                })
            })
            .at(p)?
            .collect::<Result<Vec<_>, _>>()
            .at(p)?;
        Ok(DbStatus {
            path: p.clone(),
            schema_version: SCHEMA_VERSION,
            file_bytes: std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            advisories: count("SELECT COUNT(*) FROM advisory")?,
            withdrawn: count("SELECT COUNT(*) FROM advisory WHERE withdrawn IS NOT NULL")?,
            sources,
            ecosystems,
        })
    }

    /// [`Store::advisories_for`] for many packages at once, in query
    /// order: one statement over the whole list (`json_each`), so the cost
    /// of a statement execution and of a read transaction is paid once,
    /// not per package.
    pub fn advisories_for_many(&self, queries: &[(&str, &str)]) -> Result<Vec<Vec<AdvisoryMatch>>> {
        let list: Vec<(&str, String, Option<&str>)> = queries
            .iter()
            .map(|(ecosystem, name)| {
                let base = base_ecosystem(ecosystem);
                let exact = (base != ecosystem.trim()).then_some(ecosystem.trim());
                (base, normalize_name(ecosystem, name).into_owned(), exact)
            })
            .collect();
        let json = serde_json::to_string(&list).map_err(|e| Error::Incompatible {
            path: self.path.clone(),
            reason: format!("query list: {e}"),
        })?;
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT q.key, a.id, a.aliases, a.summary, a.modified, a.published, a.adv_severity,
                        a.adv_database_specific, a.ecosystem, a.raw_name, a.purl, a.ranges,
                        a.versions, a.severity, a.ecosystem_specific, a.database_specific
                 FROM json_each(?1) AS q
                 JOIN affected AS a
                   ON a.base = q.value ->> 0 AND a.name = q.value ->> 1
                 WHERE (q.value ->> 2 IS NULL OR a.ecosystem = q.value ->> 2
                        OR a.ecosystem = a.base)
                   AND a.withdrawn = 0
                 ORDER BY q.key, a.id, a.advisory, a.idx",
            )
            .at(&self.path)?;
        let mut rows = stmt.query([json]).at(&self.path)?;
        let mut out: Vec<Vec<AdvisoryMatch>> = vec![Vec::new(); queries.len()];
        while let Some(row) = rows.next().at(&self.path)? {
            let key: i64 = row.get(0).at(&self.path)?;
            if let Some(slot) = usize::try_from(key).ok().and_then(|k| out.get_mut(k)) {
                self.push_row(row, 1, slot)?;
            }
        }
        Ok(out)
    }

    /// The id, aliases, `upstream` and references of each advisory in
    /// `ids` (other fields left empty), `None` for unknown ids: what a
    /// scan needs to merge records and link them, without the cost of
    /// [`Store::advisory`]'s full parse, one statement and one
    /// decompression context for the whole batch, in one transaction.
    pub fn advisory_links(&self, ids: &[&str]) -> Result<Vec<Option<Advisory>>> {
        #[derive(serde::Deserialize)]
        struct Links {
            #[serde(default)]
            aliases: Vec<String>,
            #[serde(default)]
            upstream: Vec<String>,
            #[serde(default)]
            references: Vec<crate::osv::Reference>,
        }
        let corrupt = |id: &str, e: String| Error::Incompatible {
            path: self.path.clone(),
            reason: format!("stored record {id} cannot be read: {e}"),
        };
        let mut dec = zstd::bulk::Decompressor::new().map_err(|e| corrupt("", e.to_string()))?;
        self.conn.execute_batch("BEGIN DEFERRED").at(&self.path)?;
        let mut run = || -> Result<Vec<Option<Advisory>>> {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT record FROM advisory WHERE id = ?1")
                .at(&self.path)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let blob: Option<Vec<u8>> = stmt
                    .query_row([id], |r| r.get(0))
                    .optional()
                    .at(&self.path)?;
                let Some(blob) = blob else {
                    out.push(None);
                    continue;
                };
                // Records are written by the bulk compressor, which
                // records the content size; the fallback bounds the rest.
                let cap = zstd::bulk::Decompressor::upper_bound(&blob).unwrap_or(blob.len() * 32);
                let buf = dec
                    .decompress(&blob, cap)
                    .map_err(|e| corrupt(id, e.to_string()))?;
                let l: Links =
                    serde_json::from_slice(&buf).map_err(|e| corrupt(id, e.to_string()))?;
                out.push(Some(Advisory {
                    id: (*id).to_owned(),
                    aliases: l.aliases,
                    upstream: l.upstream,
                    references: l.references,
                    ..Advisory::default()
                }));
            }
            Ok(out)
        };
        let out = run();
        let end = self.conn.execute_batch("COMMIT").at(&self.path);
        let out = out?;
        end?;
        Ok(out)
    }

    /// The sources, by name: cheaper than [`Store::status`], which counts
    /// every advisory (a scan only needs the ages).
    pub fn sources(&self) -> Result<Vec<SourceStatus>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SOURCE_COLUMNS} FROM source ORDER BY name"
            ))
            .at(&self.path)?;
        let rows = stmt
            .query_map([], source_from_row)
            .at(&self.path)?
            .collect::<Result<Vec<_>, _>>()
            .at(&self.path)?;
        Ok(rows)
    }

    /// Records refused as malformed, with the source they came from.
    pub fn malformed(&self) -> Result<Vec<(String, Malformed)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT source, file, id, reason FROM malformed ORDER BY source, file")
            .at(&self.path)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Malformed {
                        file: r.get(1)?,
                        id: r.get(2)?,
                        reason: r.get(3)?,
                    },
                ))
            })
            .at(&self.path)?
            .collect::<Result<Vec<_>, _>>()
            .at(&self.path)?;
        Ok(rows)
    }
}

const SOURCE_COLUMNS: &str = "name, url, etag, last_modified, fetched_at, checked_at, bytes, \
                              sha256, records, malformed";

fn source_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SourceStatus> {
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
    })
}

fn from_json_col<T: serde::de::DeserializeOwned + Default>(v: rusqlite::types::ValueRef<'_>) -> T {
    match v {
        rusqlite::types::ValueRef::Text(t) => serde_json::from_slice(t).unwrap_or_default(),
        _ => T::default(),
    }
}

fn split_lines(v: rusqlite::types::ValueRef<'_>) -> Vec<String> {
    match v {
        rusqlite::types::ValueRef::Text(t) if !t.is_empty() => String::from_utf8_lossy(t)
            .split('\n')
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

fn check_schema(conn: &Connection, path: &Path) -> Result<()> {
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

/// Where one source's data came from, recorded with it.
#[derive(Debug, Clone, Default)]
pub struct SourceMeta {
    /// Address or path.
    pub url: String,
    /// `ETag` of the download.
    pub etag: Option<String>,
    /// `Last-Modified` of the download.
    pub last_modified: Option<String>,
    /// File size.
    pub bytes: Option<u64>,
    /// File SHA-256 (hex).
    pub sha256: Option<String>,
}

/// The outcome of importing one source.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SourceReport {
    /// The source's name.
    pub name: String,
    /// Records imported.
    pub records: u64,
    /// Records refused.
    pub malformed: Vec<Malformed>,
}

/// Writes a new database next to the live one and puts it in place on
/// [`Builder::commit`]. Dropping it without committing leaves the live
/// database untouched.
#[derive(Debug)]
pub struct Builder {
    conn: Option<Connection>,
    tmp: PathBuf,
    target: PathBuf,
    copied: bool,
}

impl Builder {
    /// Starts a new database for `target`: a copy of the live one when it
    /// exists, has this schema and `fresh` is false; otherwise empty.
    pub fn begin(target: &Path, fresh: bool) -> Result<Self> {
        let dir = target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).at(dir)?;
        remove_stale_temporaries(target);
        let tmp = temp_path(target);
        let mut copied = false;
        if !fresh && target.exists() {
            // VACUUM INTO takes a consistent snapshot even if another
            // process touches the live file meanwhile.
            if let Ok(live) = Store::open(target) {
                live.conn
                    .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
                    .at(target)?;
                copied = true;
            }
        }
        let conn = Connection::open(&tmp).at(&tmp)?;
        // From here on, dropping the builder removes the temporary file.
        let builder = Self {
            conn: Some(conn),
            tmp,
            target: target.to_owned(),
            copied,
        };
        if let Some(conn) = &builder.conn {
            let tmp = &builder.tmp;
            // A journal in memory still allows rolling back one failed
            // source; durability only matters once, before the rename.
            conn.execute_batch(
                "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536;",
            )
            .at(tmp)?;
            if !copied {
                conn.execute_batch(SCHEMA).at(tmp)?;
                conn.pragma_update(None, "application_id", APPLICATION_ID)
                    .at(tmp)?;
                conn.pragma_update(None, "user_version", SCHEMA_VERSION)
                    .at(tmp)?;
            }
        }
        Ok(builder)
    }

    /// Whether the builder started from a copy of the live database.
    pub fn started_from_copy(&self) -> bool {
        self.copied
    }

    fn conn(&mut self) -> Result<&mut Connection> {
        let tmp = &self.tmp;
        self.conn.as_mut().ok_or_else(|| Error::Incompatible {
            path: tmp.clone(),
            reason: "builder already finished".into(),
        })
    }

    /// The stored metadata of source `name`, if any.
    pub fn source(&mut self, name: &str) -> Result<Option<SourceStatus>> {
        let tmp = self.tmp.clone();
        self.conn()?
            .query_row(
                &format!("SELECT {SOURCE_COLUMNS} FROM source WHERE name = ?1"),
                [name],
                source_from_row,
            )
            .optional()
            .at(&tmp)
    }

    /// Records that source `name` was confirmed current at `when`.
    pub fn touch_source(&mut self, name: &str, when: i64) -> Result<()> {
        let tmp = self.tmp.clone();
        self.conn()?
            .execute(
                "UPDATE source SET checked_at = ?2 WHERE name = ?1",
                params![name, when],
            )
            .at(&tmp)?;
        Ok(())
    }

    /// Imports (or re-imports) one source. Its earlier data is replaced in
    /// one transaction: if reading fails part-way, the source keeps its
    /// earlier data and the error is returned.
    pub fn import_source(
        &mut self,
        input: &SourceInput,
        meta: &SourceMeta,
        progress: &dyn Progress,
    ) -> Result<SourceReport> {
        let tmp = self.tmp.clone();
        let conn = self.conn()?;
        let tx = conn.transaction().at(&tmp)?;
        let mut writer = Writer::new(&tx, &input.name, &tmp)?;
        let mut records = 0u64;
        let mut malformed = Vec::new();
        let mut started = false;
        let read_malformed = ingest::read_source(
            input,
            prepare_batch,
            |prepared: Vec<Result<Row, Malformed>>| {
                let n = prepared.len() as u64;
                for item in prepared {
                    match item {
                        Ok(row) => {
                            writer.insert(&row)?;
                            records += 1;
                        }
                        Err(m) => malformed.push(m),
                    }
                }
                progress.advance(n);
                Ok(())
            },
            |total| {
                started = true;
                progress.begin(&input.name, Some(total), Unit::Records);
            },
        );
        let read_malformed = match read_malformed {
            Ok(m) => m,
            Err(e) => {
                if started {
                    progress.finish("failed");
                }
                drop(writer);
                // Dropping the transaction rolls the source back.
                return Err(e);
            }
        };
        malformed.extend(read_malformed);
        writer.finish(meta, records, &malformed)?;
        drop(writer);
        tx.commit().at(&tmp)?;
        progress.finish(&format!("{records} records, {} malformed", malformed.len()));
        Ok(SourceReport {
            name: input.name.clone(),
            records,
            malformed,
        })
    }

    /// Removes source `name` and the advisories only it provided.
    pub fn remove_source(&mut self, name: &str) -> Result<()> {
        let tmp = self.tmp.clone();
        let conn = self.conn()?;
        let tx = conn.transaction().at(&tmp)?;
        tx.execute("DELETE FROM advisory_source WHERE source = ?1", [name])
            .at(&tmp)?;
        tx.execute("DELETE FROM source WHERE name = ?1", [name])
            .at(&tmp)?;
        tx.execute("DELETE FROM malformed WHERE source = ?1", [name])
            .at(&tmp)?;
        remove_orphans(&tx, &tmp)?;
        tx.commit().at(&tmp)?;
        Ok(())
    }

    /// Makes the new database the live one, atomically.
    pub fn commit(mut self) -> Result<()> {
        let tmp = self.tmp.clone();
        {
            let conn = self.conn()?;
            conn.execute_batch("PRAGMA optimize; PRAGMA journal_mode = DELETE;")
                .at(&tmp)?;
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('built_at', ?1)",
                [time::now().to_string()],
            )
            .at(&tmp)?;
        }
        if let Some(conn) = self.conn.take() {
            conn.close().map_err(|(_, e)| e).at(&tmp)?;
        }
        std::fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .at(&tmp)?;
        std::fs::rename(&tmp, &self.target).at(&self.target)?;
        if let Some(dir) = self.target.parent().filter(|d| !d.as_os_str().is_empty()) {
            // Makes the rename itself durable; not every filesystem allows it.
            let _ = std::fs::File::open(dir).and_then(|f| f.sync_all());
        }
        Ok(())
    }
}

impl Drop for Builder {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn);
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

fn temp_path(target: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(format!(".tmp-{}-{nanos}", std::process::id()));
    target.with_file_name(name)
}

/// Deletes temporaries of writers that no longer run (killed mid-update).
fn remove_stale_temporaries(target: &Path) {
    let (Some(dir), Some(file)) = (target.parent(), target.file_name()) else {
        return;
    };
    remove_stale_files(dir, &format!("{}.tmp-", file.to_string_lossy()));
}

/// Deletes the files in `dir` named `<prefix><pid>-…` whose process no
/// longer runs. Only Linux tells cheaply whether a pid lives (`/proc`);
/// elsewhere the files are kept.
pub(crate) fn remove_stale_files(dir: &Path, prefix: &str) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(prefix) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or_default();
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        if !proc.join(pid).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// An advisory ready for insertion: parsed, compressed, its affected
/// entries flattened. Built in parallel; inserted in order.
struct Row {
    id: String,
    modified: String,
    published: Option<String>,
    withdrawn: Option<String>,
    summary: Option<String>,
    aliases: Vec<String>,
    severity: Option<String>,
    database_specific: Option<String>,
    blob: Vec<u8>,
    affected: Vec<AffectedRow>,
}

struct AffectedRow {
    base: String,
    name: String,
    ecosystem: String,
    raw_name: String,
    purl: Option<String>,
    ranges: Option<String>,
    versions: Option<String>,
    severity: Option<String>,
    ecosystem_specific: Option<String>,
    database_specific: Option<String>,
}

/// zstd level for stored records: on records of a few kilobytes level 1
/// compresses nearly as well as higher levels at a fraction of the time.
const RECORD_ZSTD_LEVEL: i32 = 1;

thread_local! {
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

fn compress(data: &[u8]) -> Result<Vec<u8>, String> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        if c.is_none() {
            *c = Some(zstd::bulk::Compressor::new(RECORD_ZSTD_LEVEL).map_err(|e| e.to_string())?);
        }
        match c.as_mut() {
            Some(comp) => comp.compress(data).map_err(|e| e.to_string()),
            None => Err("no compressor".to_owned()),
        }
    })
}

fn prepare_batch(batch: Vec<RawFile>) -> Vec<Result<Row, Malformed>> {
    batch
        .iter()
        .flat_map(|file| {
            ingest::parse_file(file)
                .into_iter()
                .map(move |r| r.and_then(|p| prepare(p, &file.name)))
        })
        .collect()
}

fn json_opt<T: Serialize>(v: &T, empty: bool) -> Option<String> {
    if empty {
        None
    } else {
        serde_json::to_string(v).ok()
    }
}

fn prepare(parsed: Parsed, file: &str) -> Result<Row, Malformed> {
    let Parsed { advisory: a, json } = parsed;
    let blob = compress(&json).map_err(|reason| Malformed {
        file: file.to_owned(),
        id: Some(a.id.clone()),
        reason,
    })?;
    let affected = a
        .affected
        .iter()
        .filter_map(|aff| {
            let pkg = aff.package.as_ref()?;
            let raw_name = if pkg.name.trim().is_empty() {
                purl_name(pkg.purl.as_deref()?)?
            } else {
                pkg.name.clone()
            };
            let ecosystem = pkg.ecosystem.trim().to_owned();
            let versions: Vec<&str> = aff
                .versions
                .iter()
                .filter(|v| !v.contains('\n'))
                .map(String::as_str)
                .collect();
            Some(AffectedRow {
                base: base_ecosystem(&ecosystem).to_owned(),
                name: normalize_name(&ecosystem, &raw_name).into_owned(),
                ecosystem,
                raw_name,
                purl: pkg.purl.clone(),
                ranges: json_opt(&aff.ranges, aff.ranges.is_empty()),
                versions: (!versions.is_empty()).then(|| versions.join("\n")),
                severity: json_opt(&aff.severity, aff.severity.is_empty()),
                ecosystem_specific: aff.ecosystem_specific.as_ref().map(|v| v.to_string()),
                database_specific: aff.database_specific.as_ref().map(|v| v.to_string()),
            })
        })
        .collect();
    let withdrawn = a.is_withdrawn().then(|| a.withdrawn.clone()).flatten();
    Ok(Row {
        severity: json_opt(&a.severity, a.severity.is_empty()),
        database_specific: a.database_specific.as_ref().map(|v| v.to_string()),
        aliases: a
            .aliases
            .iter()
            .filter(|x| !x.contains('\n'))
            .cloned()
            .collect(),
        id: a.id,
        modified: a.modified,
        published: a.published,
        withdrawn,
        summary: a.summary,
        blob,
        affected,
    })
}

/// `pkg:type/namespace/name@version` → `namespace/name` for records that
/// give only a purl.
fn purl_name(purl: &str) -> Option<String> {
    let rest = purl.strip_prefix("pkg:")?;
    let rest = rest.split(['?', '#']).next()?;
    let rest = rest.split('@').next()?;
    let (_, path) = rest.split_once('/')?;
    (!path.is_empty()).then(|| path.to_owned())
}

/// Inserts the records of one source inside its transaction.
struct Writer<'t> {
    tx: &'t Transaction<'t>,
    source: String,
    path: PathBuf,
    had_links: bool,
}

impl<'t> Writer<'t> {
    fn new(tx: &'t Transaction<'t>, source: &str, path: &Path) -> Result<Self> {
        let removed = tx
            .execute("DELETE FROM advisory_source WHERE source = ?1", [source])
            .at(path)?;
        tx.execute("DELETE FROM malformed WHERE source = ?1", [source])
            .at(path)?;
        Ok(Self {
            tx,
            source: source.to_owned(),
            path: path.to_owned(),
            had_links: removed > 0,
        })
    }

    fn insert(&mut self, row: &Row) -> Result<()> {
        let p = &self.path;
        let existing: Option<(i64, String)> = self
            .tx
            .prepare_cached("SELECT pk, modified FROM advisory WHERE id = ?1")
            .at(p)?
            .query_row([&row.id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .at(p)?;
        let aliases = row.aliases.join("\n");
        let rowid = match existing {
            // Another source (or an earlier file) has a newer version.
            Some((rowid, modified)) if modified > row.modified => {
                self.link(rowid)?;
                return Ok(());
            }
            Some((rowid, _)) => {
                self.tx
                    .prepare_cached("DELETE FROM affected WHERE advisory = ?1")
                    .at(p)?
                    .execute([rowid])
                    .at(p)?;
                self.tx
                    .prepare_cached("DELETE FROM alias WHERE advisory = ?1")
                    .at(p)?
                    .execute([rowid])
                    .at(p)?;
                self.tx
                    .prepare_cached(
                        "UPDATE advisory SET modified = ?2, published = ?3, withdrawn = ?4,
                         summary = ?5, aliases = ?6, severity = ?7, database_specific = ?8,
                         record = ?9 WHERE pk = ?1",
                    )
                    .at(p)?
                    .execute(params![
                        rowid,
                        row.modified,
                        row.published,
                        row.withdrawn,
                        row.summary,
                        aliases,
                        row.severity,
                        row.database_specific,
                        row.blob
                    ])
                    .at(p)?;
                rowid
            }
            None => {
                self.tx
                    .prepare_cached(
                        "INSERT INTO advisory (id, modified, published, withdrawn, summary,
                         aliases, severity, database_specific, record)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )
                    .at(p)?
                    .execute(params![
                        row.id,
                        row.modified,
                        row.published,
                        row.withdrawn,
                        row.summary,
                        aliases,
                        row.severity,
                        row.database_specific,
                        row.blob
                    ])
                    .at(p)?;
                self.tx.last_insert_rowid()
            }
        };
        {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO affected (advisory, idx, base, name, ecosystem, raw_name, purl,
                     ranges, versions, severity, ecosystem_specific, database_specific,
                     id, withdrawn, aliases, summary, modified, published, adv_severity,
                     adv_database_specific)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
                             ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
                )
                .at(p)?;
            for (idx, a) in row.affected.iter().enumerate() {
                stmt.execute(params![
                    rowid,
                    i64::try_from(idx).unwrap_or(i64::MAX),
                    a.base,
                    a.name,
                    a.ecosystem,
                    a.raw_name,
                    a.purl,
                    a.ranges,
                    a.versions,
                    a.severity,
                    a.ecosystem_specific,
                    a.database_specific,
                    row.id,
                    row.withdrawn.is_some(),
                    aliases,
                    row.summary,
                    row.modified,
                    row.published,
                    row.severity,
                    row.database_specific
                ])
                .at(p)?;
            }
        }
        {
            let mut stmt = self
                .tx
                .prepare_cached("INSERT OR IGNORE INTO alias (alias, advisory) VALUES (?1, ?2)")
                .at(p)?;
            for alias in &row.aliases {
                stmt.execute(params![alias, rowid]).at(p)?;
            }
        }
        self.link(rowid)
    }

    fn link(&self, rowid: i64) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT OR IGNORE INTO advisory_source (source, advisory) VALUES (?1, ?2)",
            )
            .at(&self.path)?
            .execute(params![self.source, rowid])
            .at(&self.path)?;
        Ok(())
    }

    fn finish(&self, meta: &SourceMeta, records: u64, malformed: &[Malformed]) -> Result<()> {
        let p = &self.path;
        if self.had_links {
            remove_orphans(self.tx, p)?;
        }
        {
            let mut stmt = self
                .tx
                .prepare_cached(
                    "INSERT INTO malformed (source, file, id, reason) VALUES (?1, ?2, ?3, ?4)",
                )
                .at(p)?;
            for m in malformed {
                stmt.execute(params![self.source, m.file, m.id, m.reason])
                    .at(p)?;
            }
        }
        let now = time::now();
        self.tx
            .execute(
                "INSERT OR REPLACE INTO source (name, url, etag, last_modified, fetched_at,
                 checked_at, bytes, sha256, records, malformed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9)",
                params![
                    self.source,
                    meta.url,
                    meta.etag,
                    meta.last_modified,
                    now,
                    meta.bytes.map(|b| i64::try_from(b).unwrap_or(i64::MAX)),
                    meta.sha256,
                    i64::try_from(records).unwrap_or(i64::MAX),
                    i64::try_from(malformed.len()).unwrap_or(i64::MAX)
                ],
            )
            .at(p)?;
        Ok(())
    }
}

fn remove_orphans(tx: &Transaction<'_>, p: &Path) -> Result<()> {
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS orphan (rowid INTEGER PRIMARY KEY);
         DELETE FROM orphan;
         INSERT INTO orphan SELECT pk FROM advisory
             WHERE pk NOT IN (SELECT advisory FROM advisory_source);
         DELETE FROM affected WHERE advisory IN (SELECT rowid FROM orphan);
         DELETE FROM alias WHERE advisory IN (SELECT rowid FROM orphan);
         DELETE FROM advisory WHERE pk IN (SELECT rowid FROM orphan);",
    )
    .at(p)
}
