//! Reads: the read-only [`Store`] handle, its queries and the types they
//! return.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

use super::schema::{SCHEMA_VERSION, SOURCE_COLUMNS, check_schema, source_from_row};
use crate::ecosystem::{base_ecosystem, normalize_name};
use crate::error::{Error, Result, SqlContext};
use crate::ingest::Malformed;
use crate::osv::Advisory;

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
    pub(super) conn: Connection,
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
            enrichment: self.enrichment_status()?,
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

pub(super) fn from_json_col<T: serde::de::DeserializeOwned + Default>(
    v: rusqlite::types::ValueRef<'_>,
) -> T {
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
