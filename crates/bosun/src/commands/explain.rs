//! `bosun explain ID [TARGET]`: why a vulnerability is (or is not) reported.
//! With a target: for each package it concerns, the layer that installed
//! the package, the advisory range and the comparison that decided. Without
//! one: the advisory records and the versions they say are affected.

use std::io::Write as _;

use anyhow::bail;
use bosun_vulndb::Store;
use bosun_vulndb::osv::Advisory;
use clap::{Args, ValueEnum};

use super::Context;
use super::catalog::CatalogArgs;
use super::scan::{open_db, target_sbom};
use crate::exit::Status;

/// Output formats of `bosun explain`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Plain text.
    Text,
    /// JSON.
    Json,
}

/// Arguments of `bosun explain`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bosun explain CVE-2023-45853 oci:./layout:app    Why the image has (or has not) this finding
  bosun explain GHSA-jfh8-c2jp-5v3q sbom:app.cdx.json
  bosun explain PYSEC-2021-98                      The advisory's affected ranges, from the database

Exit status: 0 explained, 2 error (unknown id, no database).")]
pub(crate) struct ExplainArgs {
    /// A vulnerability id or any alias (CVE, GHSA, PYSEC, DSA…).
    id: String,
    /// What to explain it for: IMAGE, dir:PATH or sbom:FILE (as `bosun scan`).
    target: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    catalog: CatalogArgs,
}

/// Runs `bosun explain`.
pub(crate) fn run(ctx: &Context, args: ExplainArgs) -> anyhow::Result<Status> {
    let store = open_db(ctx, None)?;
    let text = match &args.target {
        Some(t) => {
            let sbom = target_sbom(ctx, t, &args.catalog)?;
            let found = bosun_match::explain(&store, &sbom, &args.id)?;
            if found.is_empty() && store.resolve_id(&args.id)?.is_empty() {
                bail!(
                    "{}: no advisory with this id or alias in the database",
                    args.id
                );
            }
            match args.format {
                Format::Json => bosun_report::explain::json(&found)?,
                Format::Text => bosun_report::explain::render_explanations(&args.id, &sbom, &found),
            }
        }
        None => {
            let records = records(&store, &args.id)?;
            if records.is_empty() {
                bail!(
                    "{}: no advisory with this id or alias in the database",
                    args.id
                );
            }
            match args.format {
                Format::Json => bosun_report::explain::json(&records)?,
                Format::Text => bosun_report::explain::render_records(&records),
            }
        }
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(Status::Success)
}

fn records(store: &Store, id: &str) -> anyhow::Result<Vec<Advisory>> {
    let mut out = Vec::new();
    for rid in store.resolve_id(id)? {
        if let Some(a) = store.advisory(&rid)? {
            out.push(a);
        }
    }
    Ok(out)
}
