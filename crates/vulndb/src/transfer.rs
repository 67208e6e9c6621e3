//! `db import` and `db export`: moving the database to machines without
//! network access.
//!
//! An export is the database itself, vacuumed and zstd-compressed: one file
//! that `import` recognises by content and puts in place whole. OSV inputs
//! (zips, layouts, trees, files) are merged instead, each as a source.

use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, IoContext, Result, SqlContext};
use crate::ingest::{self, Input, ZSTD_MAGIC};
use crate::progress::Progress;
use crate::store::{Builder, SourceMeta, SourceReport, Store};

/// The outcome of an import.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    /// True when a whole database (an export) replaced the live one.
    pub replaced_database: bool,
    /// Sources imported.
    pub sources: Vec<SourceReport>,
    /// Sources that could not be read; their earlier data is kept.
    pub failed: Vec<SourceFailure>,
}

/// A source that failed as a whole.
#[derive(Debug, Clone, Serialize)]
pub struct SourceFailure {
    /// The source.
    pub name: String,
    /// Why.
    pub error: String,
}

/// Imports `input` into the database at `target`, atomically.
pub fn import(target: &Path, input: &Path, progress: &dyn Progress) -> Result<ImportReport> {
    match ingest::detect(input)? {
        Input::Database(path) => {
            import_database(target, &path)?;
            Ok(ImportReport {
                replaced_database: true,
                ..ImportReport::default()
            })
        }
        Input::Sources(sources) => {
            let mut builder = Builder::begin(target, false)?;
            let mut report = ImportReport::default();
            for source in &sources {
                let meta = SourceMeta {
                    url: std::path::absolute(&source.path)
                        .unwrap_or_else(|_| source.path.clone())
                        .display()
                        .to_string(),
                    bytes: if source.kind == ingest::SourceKind::Tree {
                        None
                    } else {
                        std::fs::metadata(&source.path).ok().map(|m| m.len())
                    },
                    ..SourceMeta::default()
                };
                match builder.import_source(source, &meta, progress) {
                    Ok(r) => report.sources.push(r),
                    Err(e) => report.failed.push(SourceFailure {
                        name: source.name.clone(),
                        error: e.to_string(),
                    }),
                }
            }
            if !report.sources.is_empty() {
                builder.commit()?;
            }
            Ok(report)
        }
    }
}

/// Imports the file or directory `input` as enrichment data of `kind`
/// (NVD, CVE List, KEV, EPSS, Debian tracker) into the database at
/// `target`, atomically: the database is rebuilt next to the live one and
/// renamed over it only when every file was read.
pub fn import_enrichment(
    target: &Path,
    kind: crate::enrich::Kind,
    input: &Path,
    progress: &dyn Progress,
) -> Result<crate::store::EnrichReport> {
    let mut builder = Builder::begin(target, false)?;
    let report = builder.import_enrichment(kind, input, progress)?;
    builder.commit()?;
    Ok(report)
}

/// Puts an export (or a plain database file) in place of `target` after
/// checking that it is a bosun database of this schema.
fn import_database(target: &Path, path: &Path) -> Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).at(dir)?;
    let tmp = tempfile_in(dir, target)?;
    let result = (|| {
        let mut head = [0u8; 4];
        let mut f = File::open(path).at(path)?;
        let n = std::io::Read::read(&mut f, &mut head).at(path)?;
        let f = File::open(path).at(path)?;
        let mut out = BufWriter::new(File::create(&tmp).at(&tmp)?);
        if head[..n] == *ZSTD_MAGIC {
            zstd::stream::copy_decode(BufReader::new(f), &mut out).map_err(|e| Error::Input {
                path: path.to_owned(),
                reason: format!("damaged export: {e}"),
            })?;
        } else {
            std::io::copy(&mut BufReader::new(f), &mut out).at(&tmp)?;
        }
        out.flush().at(&tmp)?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .and_then(|f| f.sync_all())
            .at(&tmp)?;
        verify(&tmp).map_err(|e| match e {
            Error::Incompatible { reason, .. } => Error::Input {
                path: path.to_owned(),
                reason,
            },
            Error::Sqlite { source, .. } => Error::Input {
                path: path.to_owned(),
                reason: format!("not a usable database: {source}"),
            },
            other => other,
        })?;
        std::fs::rename(&tmp, target).at(target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn verify(path: &Path) -> Result<()> {
    let store = Store::open(path)?;
    drop(store);
    let conn =
        rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .at(path)?;
    let check: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .at(path)?;
    if check != "ok" {
        return Err(Error::Incompatible {
            path: path.to_owned(),
            reason: format!("database fails its integrity check: {check}"),
        });
    }
    Ok(())
}

fn tempfile_in(dir: &Path, target: &Path) -> Result<std::path::PathBuf> {
    let mut name = target.file_name().unwrap_or_default().to_owned();
    name.push(format!(".tmp-{}-import", std::process::id()));
    Ok(dir.join(name))
}

/// zstd level for exports: slow enough to compress well, still seconds.
const EXPORT_ZSTD_LEVEL: i32 = 12;

/// Writes the database at `db` to `out` as one compressed file that
/// [`import`] accepts. Returns the size written.
pub fn export(db: &Path, out: &Path) -> Result<u64> {
    let store = Store::open(db)?;
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut name = out.file_name().unwrap_or_default().to_owned();
    name.push(format!(".tmp-{}", std::process::id()));
    let snapshot = dir.join(&name).with_extension("sqlite-snapshot");
    let partial = dir.join(name);
    let result = (|| {
        let _ = std::fs::remove_file(&snapshot);
        // A vacuumed snapshot is consistent and has no free pages.
        let conn = rusqlite::Connection::open_with_flags(
            store.path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .at(db)?;
        conn.execute("VACUUM INTO ?1", [snapshot.to_string_lossy().as_ref()])
            .at(db)?;
        drop(conn);
        let input = BufReader::new(File::open(&snapshot).at(&snapshot)?);
        let file = File::create(&partial).at(&partial)?;
        let mut enc =
            zstd::stream::Encoder::new(BufWriter::new(file), EXPORT_ZSTD_LEVEL).at(&partial)?;
        let mut input = input;
        std::io::copy(&mut input, &mut enc).at(&partial)?;
        let mut w = enc.finish().at(&partial)?;
        w.flush().at(&partial)?;
        let f = w.into_inner().map_err(|e| e.into_error()).at(&partial)?;
        f.sync_all().at(&partial)?;
        let len = f.metadata().at(&partial)?.len();
        std::fs::rename(&partial, out).at(out)?;
        Ok(len)
    })();
    let _ = std::fs::remove_file(&snapshot);
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
