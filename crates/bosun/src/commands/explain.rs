//! `bosun explain ID [TARGET]`: why a vulnerability is (or is not) reported.
//! With a target: for each package it concerns, the layer that installed
//! the package, the advisory range and the comparison that decided. Without
//! one: the advisory records and the versions they say are affected.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::bail;
use bosun_match::Explanation;
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
                Format::Json => serde_json::to_string_pretty(&found)? + "\n",
                Format::Text => render_explanations(&args.id, &sbom, &found),
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
                Format::Json => serde_json::to_string_pretty(&records)? + "\n",
                Format::Text => render_records(&records),
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

fn render_explanations(id: &str, sbom: &bosun_catalog::Sbom, found: &[Explanation]) -> String {
    let mut s = String::new();
    if found.is_empty() {
        let _ = writeln!(
            s,
            "{id}: no installed package of {} is named by its advisories.",
            sbom.image.reference
        );
        return s;
    }
    for e in found {
        let p = &e.package;
        let _ = writeln!(
            s,
            "{} {} ({}, {} {}): {}",
            p.name,
            p.version,
            p.kind,
            p.ecosystem,
            p.matched_name,
            if e.affected {
                "AFFECTED"
            } else {
                "not affected"
            }
        );
        if let Some(f) = &e.finding {
            let mut ids = vec![f.id.clone()];
            ids.extend(f.aliases.iter().cloned());
            let _ = writeln!(s, "  ids:       {}", ids.join(", "));
            let _ = writeln!(
                s,
                "  severity:  {}{}",
                f.severity,
                f.score
                    .as_ref()
                    .map(|sc| format!(
                        " (from {}{}{})",
                        sc.source,
                        sc.cvss_version
                            .as_deref()
                            .map(|v| format!(", CVSS {v}"))
                            .unwrap_or_default(),
                        sc.base_score
                            .map(|b| format!(" {b:.1}"))
                            .unwrap_or_default()
                    ))
                    .unwrap_or_default()
            );
            let _ = writeln!(
                s,
                "  fixed in:  {}",
                if f.fixed_versions.is_empty() {
                    "no fix published".to_owned()
                } else {
                    f.fixed_versions.join(", ")
                }
            );
            if let Some(l) = &f.layer {
                let _ = writeln!(
                    s,
                    "  layer:     {}{}",
                    l.index,
                    f.created_by
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                );
            }
            if let Some(sup) = &f.suppressed {
                let _ = writeln!(
                    s,
                    "  suppressed: {} by {} {}",
                    sup.status, sup.kind, sup.source
                );
            }
            if let Some(u) = &f.url {
                let _ = writeln!(s, "  advisory:  {u}");
            }
        }
        for p in &p.paths {
            let _ = writeln!(s, "  found in:  {p}");
        }
        for ev in &e.evidence {
            let _ = writeln!(s, "  record {} ({}):", ev.advisory, ev.affected);
            let _ = writeln!(s, "    range:      {}", ev.range);
            let _ = writeln!(s, "    comparison: {} ({})", ev.comparison, ev.scheme);
        }
        for pr in &e.problems {
            let _ = writeln!(s, "  note: {pr}");
        }
        s.push('\n');
    }
    s
}

fn render_records(records: &[Advisory]) -> String {
    let mut s = String::new();
    for a in records {
        let _ = writeln!(s, "{}", a.id);
        if !a.aliases.is_empty() {
            let _ = writeln!(s, "  aliases:   {}", a.aliases.join(", "));
        }
        if !a.upstream.is_empty() {
            let _ = writeln!(s, "  upstream:  {}", a.upstream.join(", "));
        }
        if let Some(sum) = &a.summary {
            let _ = writeln!(s, "  summary:   {sum}");
        }
        if let Some(w) = &a.withdrawn {
            let _ = writeln!(s, "  WITHDRAWN: {w} (never matches)");
        }
        for sev in &a.severity {
            let _ = writeln!(s, "  severity:  {} {}", sev.kind, sev.score);
        }
        for af in &a.affected {
            let pkg = af
                .package
                .as_ref()
                .map(|p| format!("{} {}", p.ecosystem, p.name))
                .unwrap_or_else(|| "(no package)".into());
            let _ = writeln!(s, "  affected:  {pkg}");
            for r in &af.ranges {
                let events: Vec<String> = r
                    .events
                    .iter()
                    .map(|e| format!("{} {}", e.key(), e.version()))
                    .collect();
                let note = if r.kind.is_version_range() {
                    ""
                } else {
                    " (not used for packages)"
                };
                let _ = writeln!(
                    s,
                    "    {} range: {}{note}",
                    r.kind.as_str(),
                    events.join(", ")
                );
            }
            if !af.versions.is_empty() {
                let shown: Vec<&str> = af.versions.iter().take(12).map(String::as_str).collect();
                let more = af.versions.len().saturating_sub(shown.len());
                let _ = writeln!(
                    s,
                    "    versions: {}{}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" … (+{more})")
                    } else {
                        String::new()
                    }
                );
            }
        }
        if let Some(r) = a.references.first() {
            let _ = writeln!(s, "  reference: {}", r.url);
        }
        s.push('\n');
    }
    s
}
