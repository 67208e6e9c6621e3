//! The atomic builder: a new database written next to the live one and
//! renamed over it on commit, and the clean-up of temporaries left by
//! writers that were killed.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::prepare::{Row, prepare_batch};
use super::read::{SourceStatus, Store};
use super::schema::{APPLICATION_ID, SCHEMA, SCHEMA_VERSION, SOURCE_COLUMNS, source_from_row};
use super::writer::{Writer, remove_orphans};
use crate::error::{Error, IoContext, Result, SqlContext};
use crate::ingest::{self, Malformed, SourceInput};
use crate::progress::{Progress, Unit};
use crate::time;

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
    /// `affected` entries set aside from kept records, per reason key.
    pub skipped: std::collections::BTreeMap<String, u64>,
}

/// Writes a new database next to the live one and puts it in place on
/// [`Builder::commit`]. Dropping it without committing leaves the live
/// database untouched.
#[derive(Debug)]
pub struct Builder {
    pub(super) conn: Option<Connection>,
    pub(super) tmp: PathBuf,
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
                conn.execute_batch(super::enrich::ENRICH_SCHEMA).at(tmp)?;
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

    pub(super) fn conn(&mut self) -> Result<&mut Connection> {
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
        let mut skipped = std::collections::BTreeMap::new();
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
                            for r in &row.skipped {
                                *skipped.entry(r.key().to_owned()).or_default() += 1;
                            }
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
        writer.finish(meta, records, &malformed, &skipped)?;
        drop(writer);
        tx.commit().at(&tmp)?;
        progress.finish(&format!("{records} records, {} malformed", malformed.len()));
        Ok(SourceReport {
            name: input.name.clone(),
            records,
            malformed,
            skipped,
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
