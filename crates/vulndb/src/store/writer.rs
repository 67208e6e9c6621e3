//! The SQL writer: inserts one source's prepared rows inside its
//! transaction, keeping the newest version of an advisory that several
//! sources provide, and removes advisories no source provides any more.

use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, Transaction, params};

use super::builder::SourceMeta;
use super::prepare::Row;
use crate::error::{Result, SqlContext};
use crate::ingest::Malformed;
use crate::time;

/// Inserts the records of one source inside its transaction.
pub(super) struct Writer<'t> {
    tx: &'t Transaction<'t>,
    source: String,
    path: PathBuf,
    had_links: bool,
}

impl<'t> Writer<'t> {
    pub(super) fn new(tx: &'t Transaction<'t>, source: &str, path: &Path) -> Result<Self> {
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

    pub(super) fn insert(&mut self, row: &Row) -> Result<()> {
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

    pub(super) fn finish(
        &self,
        meta: &SourceMeta,
        records: u64,
        malformed: &[Malformed],
        skipped: &std::collections::BTreeMap<String, u64>,
    ) -> Result<()> {
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
                 checked_at, bytes, sha256, records, malformed, skipped)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    self.source,
                    meta.url,
                    meta.etag,
                    meta.last_modified,
                    now,
                    meta.bytes.map(|b| i64::try_from(b).unwrap_or(i64::MAX)),
                    meta.sha256,
                    i64::try_from(records).unwrap_or(i64::MAX),
                    i64::try_from(malformed.len()).unwrap_or(i64::MAX),
                    super::prepare::json_opt(skipped, skipped.is_empty())
                ],
            )
            .at(p)?;
        Ok(())
    }
}

pub(super) fn remove_orphans(tx: &Transaction<'_>, p: &Path) -> Result<()> {
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
