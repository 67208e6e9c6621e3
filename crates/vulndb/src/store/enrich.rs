//! The enrichment tables (schema version 3): CVSS scores from NVD and the
//! CVE List, the KEV catalog, EPSS scores and distro tracker statuses,
//! all keyed by CVE id, with one `enrich_source` row per kind recording
//! when it was imported.
//!
//! Imports go through the atomic [`Builder`] like OSV sources. NVD and
//! CVE List imports are incremental: a record replaces the earlier copy
//! of the same CVE unless that copy is newer (its `lastModified` /
//! `dateUpdated`), so per-year feeds and the `modified` feed can be
//! imported in any order. KEV, EPSS and the tracker are snapshots: an
//! import replaces the whole table.

use std::path::Path;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::builder::Builder;
use super::read::Store;
use crate::enrich::{self, CveScores, Item, Kind};
use crate::error::{Result, SqlContext};
use crate::ingest::Malformed;
use crate::progress::{Progress, Unit};
use crate::time;

pub(crate) const ENRICH_SCHEMA: &str = "
CREATE TABLE enrich_source (
    name TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    data_date TEXT,
    malformed INTEGER NOT NULL
);
CREATE TABLE cve_record (
    cve TEXT NOT NULL,
    feed TEXT NOT NULL,
    modified TEXT,
    PRIMARY KEY (cve, feed)
) WITHOUT ROWID;
CREATE TABLE cvss (
    cve TEXT NOT NULL,
    feed TEXT NOT NULL,
    seq INTEGER NOT NULL,
    origin TEXT NOT NULL,
    source TEXT NOT NULL,
    kind TEXT,
    version TEXT NOT NULL,
    vector TEXT,
    base_score REAL NOT NULL,
    PRIMARY KEY (cve, feed, seq)
) WITHOUT ROWID;
CREATE TABLE kev (
    cve TEXT PRIMARY KEY,
    date_added TEXT NOT NULL,
    due_date TEXT,
    ransomware INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE epss (
    cve TEXT PRIMARY KEY,
    score REAL NOT NULL,
    percentile REAL NOT NULL
) WITHOUT ROWID;
CREATE TABLE distro_status (
    cve TEXT NOT NULL,
    distro TEXT NOT NULL,
    package TEXT NOT NULL,
    release TEXT NOT NULL,
    status TEXT NOT NULL,
    urgency TEXT,
    fixed_version TEXT,
    nodsa TEXT,
    nodsa_reason TEXT,
    PRIMARY KEY (cve, distro, package, release)
) WITHOUT ROWID;
";

/// The outcome of one enrichment import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnrichReport {
    /// The kind (`nvd`, `cve5`, …).
    pub name: String,
    /// Files read.
    pub files: u64,
    /// Records read and stored (CVE records, catalog entries, EPSS rows,
    /// tracker entries).
    pub records: u64,
    /// CVSS scores stored (NVD and CVE List).
    pub scores: u64,
    /// Records not stored because the database holds a newer copy.
    pub older: u64,
    /// Records refused.
    pub malformed: Vec<Malformed>,
    /// Records of this kind the database now holds.
    pub total_records: i64,
    /// Scores of this kind the database now holds.
    pub total_scores: i64,
}

/// Records per progress step.
const STEP: u64 = 1000;

impl Builder {
    /// Imports the file or directory `path` as enrichment data of `kind`,
    /// in one transaction: if any file is unreadable as that kind, the
    /// database keeps its earlier data of that kind and the error names
    /// the file.
    pub fn import_enrichment(
        &mut self,
        kind: Kind,
        path: &Path,
        progress: &dyn Progress,
    ) -> Result<EnrichReport> {
        let tmp = self.tmp.clone();
        let files = enrich::files(path)?;
        let conn = self.conn()?;
        let tx = conn.transaction().at(&tmp)?;
        let mut report = EnrichReport {
            name: kind.name().to_owned(),
            ..EnrichReport::default()
        };
        progress.begin(kind.name(), None, Unit::Records);
        let result = (|| -> Result<Option<String>> {
            match kind {
                Kind::Kev => tx.execute("DELETE FROM kev", []).at(&tmp)?,
                Kind::Epss => tx.execute("DELETE FROM epss", []).at(&tmp)?,
                Kind::DebianTracker => tx
                    .execute("DELETE FROM distro_status WHERE distro = 'debian'", [])
                    .at(&tmp)?,
                Kind::Nvd | Kind::Cve5 => 0,
            };
            let mut data_date = None;
            let mut since_step = 0u64;
            for file in &files {
                let name = file.display().to_string();
                let mut reader = enrich::open(file)?;
                let facts = enrich::read(kind, &mut reader, &name, &mut |item| {
                    match item {
                        Ok(item) => store_item(&tx, kind, item, &mut report, &tmp)?,
                        Err(m) => report.malformed.push(m),
                    }
                    since_step += 1;
                    if since_step == STEP {
                        progress.advance(STEP);
                        since_step = 0;
                    }
                    Ok(())
                })?;
                report.files += 1;
                data_date = facts.data_date.or(data_date);
            }
            progress.advance(since_step);
            Ok(data_date)
        })();
        let data_date = match result {
            Ok(d) => d,
            Err(e) => {
                progress.finish("failed");
                // Dropping the transaction rolls this kind back.
                return Err(e);
            }
        };
        let (records, scores) = counts(&tx, kind, &tmp)?;
        report.total_records = records;
        report.total_scores = scores;
        tx.execute(
            "INSERT OR REPLACE INTO enrich_source (name, url, fetched_at, data_date, malformed)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                kind.name(),
                std::path::absolute(path)
                    .unwrap_or_else(|_| path.to_owned())
                    .display()
                    .to_string(),
                time::now(),
                data_date,
                report.malformed.len() as i64
            ],
        )
        .at(&tmp)?;
        tx.execute("DELETE FROM malformed WHERE source = ?1", [kind.name()])
            .at(&tmp)?;
        {
            let mut stmt = tx
                .prepare("INSERT INTO malformed (source, file, id, reason) VALUES (?1, ?2, ?3, ?4)")
                .at(&tmp)?;
            for m in &report.malformed {
                stmt.execute(params![kind.name(), m.file, m.id, m.reason])
                    .at(&tmp)?;
            }
        }
        tx.commit().at(&tmp)?;
        progress.finish(&format!(
            "{} records, {} malformed",
            report.records,
            report.malformed.len()
        ));
        Ok(report)
    }
}

/// The records and scores of `kind` the database holds.
fn counts(tx: &Transaction<'_>, kind: Kind, path: &Path) -> Result<(i64, i64)> {
    let one =
        |sql: &str| -> Result<i64> { tx.query_row(sql, [kind.name()], |r| r.get(0)).at(path) };
    Ok(match kind {
        Kind::Nvd | Kind::Cve5 => (
            one("SELECT COUNT(*) FROM cve_record WHERE feed = ?1")?,
            one("SELECT COUNT(*) FROM cvss WHERE feed = ?1")?,
        ),
        Kind::Kev => {
            let n = one("SELECT COUNT(*) FROM kev WHERE ?1 IS NOT NULL")?;
            (n, n)
        }
        Kind::Epss => {
            let n = one("SELECT COUNT(*) FROM epss WHERE ?1 IS NOT NULL")?;
            (n, n)
        }
        Kind::DebianTracker => {
            let n = one(
                "SELECT COUNT(*) FROM distro_status WHERE ?1 IS NOT NULL AND distro = 'debian'",
            )?;
            (n, n)
        }
    })
}

fn store_item(
    tx: &Transaction<'_>,
    kind: Kind,
    item: Item,
    report: &mut EnrichReport,
    path: &Path,
) -> Result<()> {
    match item {
        Item::Scores(s) => store_scores(tx, kind.name(), s, report, path)?,
        Item::Kev(k) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO kev (cve, date_added, due_date, ransomware)
                 VALUES (?1, ?2, ?3, ?4)",
            )
            .and_then(|mut st| st.execute(params![k.id, k.date_added, k.due_date, k.ransomware]))
            .at(path)?;
            report.records += 1;
        }
        Item::Epss(e) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO epss (cve, score, percentile) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut st| st.execute(params![e.cve, e.score, e.percentile]))
            .at(path)?;
            report.records += 1;
        }
        Item::Distro(d) => {
            tx.prepare_cached(
                "INSERT OR REPLACE INTO distro_status (cve, distro, package, release, status,
                    urgency, fixed_version, nodsa, nodsa_reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut st| {
                st.execute(params![
                    d.id,
                    d.distro,
                    d.package,
                    d.release,
                    d.status,
                    d.urgency,
                    d.fixed_version,
                    d.nodsa,
                    d.nodsa_reason
                ])
            })
            .at(path)?;
            report.records += 1;
        }
    }
    Ok(())
}

fn store_scores(
    tx: &Transaction<'_>,
    feed: &str,
    s: CveScores,
    report: &mut EnrichReport,
    path: &Path,
) -> Result<()> {
    let stored: Option<Option<String>> = tx
        .prepare_cached("SELECT modified FROM cve_record WHERE cve = ?1 AND feed = ?2")
        .and_then(|mut st| st.query_row(params![s.cve, feed], |r| r.get(0)).optional())
        .at(path)?;
    // Both sources write ISO 8601 times of one shape each, so text order
    // is time order within a feed.
    if let (Some(Some(old)), Some(new)) = (&stored, &s.modified)
        && old.as_str() > new.as_str()
    {
        report.older += 1;
        return Ok(());
    }
    if stored.is_some() {
        tx.prepare_cached("DELETE FROM cvss WHERE cve = ?1 AND feed = ?2")
            .and_then(|mut st| st.execute(params![s.cve, feed]))
            .at(path)?;
    }
    report.records += 1;
    if s.rejected {
        tx.prepare_cached("DELETE FROM cve_record WHERE cve = ?1 AND feed = ?2")
            .and_then(|mut st| st.execute(params![s.cve, feed]))
            .at(path)?;
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT OR REPLACE INTO cve_record (cve, feed, modified) VALUES (?1, ?2, ?3)",
    )
    .and_then(|mut st| st.execute(params![s.cve, feed, s.modified]))
    .at(path)?;
    let mut insert = tx
        .prepare_cached(
            "INSERT INTO cvss (cve, feed, seq, origin, source, kind, version, vector, base_score)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .at(path)?;
    for (seq, c) in s.scores.iter().enumerate() {
        insert
            .execute(params![
                s.cve,
                feed,
                seq as i64,
                c.origin.as_str(),
                c.source,
                c.kind,
                c.version,
                c.vector,
                c.base_score
            ])
            .at(path)?;
        report.scores += 1;
    }
    Ok(())
}

impl Store {
    /// What the enrichment tables hold for each of `ids`, in order; ids
    /// that are not CVEs get nothing.
    pub fn enrichment(&self, ids: &[&str]) -> Result<Vec<bosun_types::Enrichment>> {
        use bosun_types::enrich::{CvssScore, DistroStatus, Epss, Kev, Origin};
        let p = self.path();
        self.conn.execute_batch("BEGIN DEFERRED").at(p)?;
        let run = || -> Result<Vec<bosun_types::Enrichment>> {
            let epss_date: Option<String> = self
                .conn
                .query_row(
                    "SELECT data_date FROM enrich_source WHERE name = 'epss'",
                    [],
                    |r| r.get(0),
                )
                .optional()
                .at(p)?
                .flatten();
            let mut cvss = self
                .conn
                .prepare_cached(
                    "SELECT origin, source, kind, version, vector, base_score FROM cvss
                     WHERE cve = ?1 ORDER BY feed, seq",
                )
                .at(p)?;
            let mut kev = self
                .conn
                .prepare_cached("SELECT date_added, due_date, ransomware FROM kev WHERE cve = ?1")
                .at(p)?;
            let mut epss = self
                .conn
                .prepare_cached("SELECT score, percentile FROM epss WHERE cve = ?1")
                .at(p)?;
            let mut distro = self
                .conn
                .prepare_cached(
                    "SELECT distro, package, release, status, urgency, fixed_version, nodsa,
                            nodsa_reason
                     FROM distro_status WHERE cve = ?1 ORDER BY distro, package, release",
                )
                .at(p)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let mut e = bosun_types::Enrichment::default();
                if !enrich::is_cve(id) {
                    out.push(e);
                    continue;
                }
                e.scores = cvss
                    .query_map([id], |r| {
                        let origin: String = r.get(0)?;
                        Ok(CvssScore {
                            id: (*id).to_owned(),
                            origin: origin.parse().unwrap_or(Origin::Nvd),
                            source: r.get(1)?,
                            kind: r.get(2)?,
                            version: r.get(3)?,
                            vector: r.get(4)?,
                            base_score: r.get(5)?,
                        })
                    })
                    .at(p)?
                    .collect::<Result<_, _>>()
                    .at(p)?;
                e.kev = kev
                    .query_row([id], |r| {
                        Ok(Kev {
                            id: (*id).to_owned(),
                            date_added: r.get(0)?,
                            due_date: r.get(1)?,
                            ransomware: r.get(2)?,
                        })
                    })
                    .optional()
                    .at(p)?;
                e.epss = epss
                    .query_row([id], |r| {
                        Ok(Epss {
                            id: (*id).to_owned(),
                            score: r.get(0)?,
                            percentile: r.get(1)?,
                            date: epss_date.clone(),
                        })
                    })
                    .optional()
                    .at(p)?;
                e.distro = distro
                    .query_map([id], |r| {
                        Ok(DistroStatus {
                            id: (*id).to_owned(),
                            distro: r.get(0)?,
                            package: r.get(1)?,
                            release: r.get(2)?,
                            status: r.get(3)?,
                            urgency: r.get(4)?,
                            fixed_version: r.get(5)?,
                            nodsa: r.get(6)?,
                            nodsa_reason: r.get(7)?,
                        })
                    })
                    .at(p)?
                    .collect::<Result<_, _>>()
                    .at(p)?;
                out.push(e);
            }
            Ok(out)
        };
        let out = run();
        let end = self.conn.execute_batch("COMMIT").at(p);
        let out = out?;
        end?;
        Ok(out)
    }

    /// The enrichment sources and what they hold, for `db status`.
    pub fn enrichment_status(&self) -> Result<Vec<bosun_types::advisory::EnrichmentStatus>> {
        let p = self.path();
        let mut stmt = self
            .conn
            .prepare(
                "SELECT name, url, fetched_at, data_date, malformed,
                    CASE name
                      WHEN 'kev' THEN (SELECT COUNT(*) FROM kev)
                      WHEN 'epss' THEN (SELECT COUNT(*) FROM epss)
                      WHEN 'debian-tracker' THEN (SELECT COUNT(*) FROM distro_status WHERE distro = 'debian')
                      ELSE (SELECT COUNT(*) FROM cve_record WHERE feed = name) END,
                    CASE WHEN name IN ('nvd', 'cve5')
                      THEN (SELECT COUNT(*) FROM cvss WHERE feed = name) END
                 FROM enrich_source ORDER BY name",
            )
            .at(p)?;
        let rows = stmt
            .query_map([], |r| {
                let records: i64 = r.get(5)?;
                let items: Option<i64> = r.get(6)?;
                Ok(bosun_types::advisory::EnrichmentStatus {
                    name: r.get(0)?,
                    url: r.get(1)?,
                    fetched_at: r.get(2)?,
                    data_date: r.get(3)?,
                    malformed: r.get(4)?,
                    records,
                    items: items.unwrap_or(records),
                })
            })
            .at(p)?
            .collect::<Result<Vec<_>, _>>()
            .at(p)?;
        Ok(rows)
    }
}
