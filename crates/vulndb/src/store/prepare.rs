//! Row preparation: an OSV record parsed, compressed and flattened into
//! the rows the writer inserts. Runs on the ingest worker threads.

use std::cell::RefCell;

use serde::Serialize;

use crate::ecosystem::{base_ecosystem, normalize_name};
use crate::ingest::{self, Malformed, Parsed, RawFile};
use crate::osv::SkipReason;

/// An advisory ready for insertion: parsed, compressed, its affected
/// entries flattened. Built in parallel; inserted in order.
pub(super) struct Row {
    pub(super) id: String,
    pub(super) modified: String,
    pub(super) published: Option<String>,
    pub(super) withdrawn: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) aliases: Vec<String>,
    pub(super) severity: Option<String>,
    pub(super) database_specific: Option<String>,
    pub(super) blob: Vec<u8>,
    pub(super) affected: Vec<AffectedRow>,
    pub(super) skipped: Vec<SkipReason>,
}

pub(super) struct AffectedRow {
    pub(super) base: String,
    pub(super) name: String,
    pub(super) ecosystem: String,
    pub(super) raw_name: String,
    pub(super) purl: Option<String>,
    pub(super) ranges: Option<String>,
    pub(super) versions: Option<String>,
    pub(super) severity: Option<String>,
    pub(super) ecosystem_specific: Option<String>,
    pub(super) database_specific: Option<String>,
}

/// zstd level for stored records: on records of a few kilobytes level 1
/// compresses nearly as well as higher levels at a fraction of the time.
const RECORD_ZSTD_LEVEL: i32 = 1;

thread_local! {
    static COMPRESSOR: RefCell<Option<zstd::bulk::Compressor<'static>>> = const { RefCell::new(None) };
}

fn compress(data: &[u8]) -> std::io::Result<Vec<u8>> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        let comp = match &mut *c {
            Some(comp) => comp,
            empty => empty.insert(zstd::bulk::Compressor::new(RECORD_ZSTD_LEVEL)?),
        };
        comp.compress(data)
    })
}

pub(super) fn prepare_batch(batch: Vec<RawFile>) -> Vec<Result<Row, Malformed>> {
    batch
        .iter()
        .flat_map(|file| {
            ingest::parse_file(file)
                .into_iter()
                .map(move |r| r.and_then(|p| prepare(p, &file.name)))
        })
        .collect()
}

pub(super) fn json_opt<T: Serialize>(v: &T, empty: bool) -> Option<String> {
    if empty {
        None
    } else {
        serde_json::to_string(v).ok()
    }
}

fn prepare(parsed: Parsed, file: &str) -> Result<Row, Malformed> {
    let Parsed {
        advisory: a,
        json,
        skipped,
    } = parsed;
    let blob = compress(&json).map_err(|e| Malformed {
        file: file.to_owned(),
        id: Some(a.id.clone()),
        reason: e.to_string(),
    })?;
    let affected = a
        .affected
        .iter()
        .filter_map(|aff| {
            let pkg = aff.package.as_ref()?;
            let raw_name = pkg.index_name()?;
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
        skipped,
    })
}
