//! `bosun db …`: the local vulnerability database (update, status, import,
//! export). The work is in `bosun-vulndb`; this file parses flags, draws
//! progress bars and prints results.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context as _;
use bosun_report::db::MalformedRow;
use bosun_vulndb::osv::SkipReason;
use bosun_vulndb::update::{Outcome, UpdateOptions};
use bosun_vulndb::{DbConfig, DbStatus, Malformed, Progress, SourceReport, Store, Unit};
use clap::{Args, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

use super::Context;
use crate::exit::Status;

/// Database subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Download new advisories from an OSV mirror (one request per unchanged ecosystem).
    Update(UpdateArgs),
    /// Print the database's sources, update times and record counts.
    Status(StatusArgs),
    /// Import OSV data or a `db export` file (for machines without network access).
    Import(ImportArgs),
    /// Write the whole database to one compressed file that `db import` reads.
    Export(ExportArgs),
}

/// Arguments of `bosun db update`.
#[derive(Debug, Args)]
pub(crate) struct UpdateArgs {
    /// OSV mirror: exports are read from `<URL>/<ECOSYSTEM>/all.zip`
    /// [default: OSV's public bucket, https://osv-vulnerabilities.storage.googleapis.com].
    #[arg(long, env = "BOSUN_DB_BASE_URL", value_name = "URL")]
    base_url: Option<String>,
    /// Ecosystems to download (repeat or separate with commas; default: all the mirror lists).
    #[arg(
        long = "ecosystem",
        short = 'e',
        value_name = "NAME",
        value_delimiter = ','
    )]
    ecosystems: Vec<String>,
    /// Network timeout for connecting and for each read, in seconds.
    #[arg(long, default_value_t = 60, value_name = "SECONDS")]
    timeout: u64,
}

/// Arguments of `bosun db status`.
#[derive(Debug, Args)]
pub(crate) struct StatusArgs {
    /// Warn when the data was last confirmed current longer ago than this (`7d`, `12h`)
    /// [default: 7d].
    #[arg(long, env = "BOSUN_DB_MAX_AGE", value_name = "AGE")]
    max_age: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Also list the records refused as malformed.
    #[arg(long)]
    malformed: bool,
}

/// Arguments of `bosun db import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// A zip export, a directory of `<ECOSYSTEM>/all.zip`, a tree of OSV JSON/YAML files,
    /// one such file, or a file written by `bosun db export`; with --type, a file or directory
    /// of that kind.
    path: PathBuf,
    /// What PATH holds: `osv` (OSV records or a database export), `nvd` (NVD CVE API 2.0
    /// JSON: feed files, .json.gz included, or records), `cve5` (CVE List 5.x records), `kev`
    /// (CISA KEV catalog JSON), `epss` (FIRST EPSS CSV, .csv.gz included) or `debian-tracker`
    /// (the Debian security tracker's JSON).
    #[arg(long = "type", value_name = "TYPE", default_value = "osv")]
    kind: String,
}

/// Arguments of `bosun db export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The file to write (zstd-compressed SQLite).
    file: PathBuf,
}

/// Output formats of `db status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table for people.
    Table,
    /// JSON for programs.
    Json,
}

/// Runs a database subcommand.
pub(crate) fn run(ctx: &Context, cmd: DbCommand) -> anyhow::Result<Status> {
    let db = db_path(ctx)?;
    match cmd {
        DbCommand::Update(args) => update(ctx, &db, args),
        DbCommand::Status(args) => status(ctx, &db, args),
        DbCommand::Import(args) => import(ctx, &db, args),
        DbCommand::Export(args) => export(&db, args),
    }
}

/// `--db` / `BOSUN_DB`, else the cache directory.
pub(crate) fn db_path(ctx: &Context) -> anyhow::Result<PathBuf> {
    match &ctx.db {
        Some(p) => Ok(p.clone()),
        None => bosun_vulndb::default_path().context(
            "cannot locate the cache directory (neither XDG_CACHE_HOME nor HOME is set); \
             pass --db PATH",
        ),
    }
}

/// The `db:` section of the configuration file. Flags and environment
/// variables win over it, and it over the built-in defaults.
fn config_section(ctx: &Context) -> DbConfig {
    ctx.config.db.clone()
}

fn update(ctx: &Context, db: &Path, args: UpdateArgs) -> anyhow::Result<Status> {
    let config = config_section(ctx);
    let opts = UpdateOptions {
        base_url: args
            .base_url
            .or(config.base_url)
            .unwrap_or_else(|| bosun_vulndb::config::DEFAULT_BASE_URL.to_owned()),
        ecosystems: if args.ecosystems.is_empty() {
            config.ecosystems
        } else {
            args.ecosystems
        },
        timeout: Duration::from_secs(args.timeout.max(1)),
        ..UpdateOptions::default()
    };
    let bars = Bars::new(ctx.quiet);
    let report = bosun_vulndb::update(db, &opts, &bars)
        .with_context(|| format!("updating {}", db.display()))?;
    let mut table = new_table([
        "ECOSYSTEM",
        "RESULT",
        "RECORDS",
        "MALFORMED",
        "SKIPPED ENTRIES",
    ]);
    let mut malformed = Vec::new();
    for e in &report.ecosystems {
        let (result, records, bad, skipped) = match &e.outcome {
            Outcome::Updated(r) => {
                malformed.push(r);
                (
                    "updated".to_owned(),
                    r.records.to_string(),
                    r.malformed.len().to_string(),
                    r.skipped.values().sum::<u64>().to_string(),
                )
            }
            Outcome::NotModified => (
                "not modified".to_owned(),
                String::new(),
                String::new(),
                String::new(),
            ),
            Outcome::Failed { error } => (
                format!("failed: {error}"),
                String::new(),
                String::new(),
                String::new(),
            ),
        };
        table.add_row([e.ecosystem.clone(), result, records, bad, skipped]);
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "{table}")?;
    drop(out);
    report_malformed(&malformed);
    let failures: Vec<_> = report.failures().map(|e| e.ecosystem.as_str()).collect();
    if !failures.is_empty() {
        anyhow::bail!(
            "{} of {} ecosystems failed ({}); they keep their previous data",
            failures.len(),
            report.ecosystems.len(),
            failures.join(", ")
        );
    }
    Ok(Status::Success)
}

/// The age after which data counts as stale: `--max-age` / env, else the
/// configuration file, else 7 days.
pub(crate) fn max_age(ctx: &Context, flag: Option<String>) -> anyhow::Result<Duration> {
    let text = flag
        .or(config_section(ctx).max_age)
        .unwrap_or_else(|| bosun_vulndb::config::DEFAULT_MAX_AGE.to_owned());
    bosun_vulndb::time::parse_age(&text).map_err(anyhow::Error::msg)
}

fn status(ctx: &Context, db: &Path, args: StatusArgs) -> anyhow::Result<Status> {
    let max_age = max_age(ctx, args.max_age)?;
    let store = Store::open(db)?;
    let st = store.status()?;
    let now = bosun_vulndb::time::now();
    let stale = bosun_pipeline::stale_warning(&st, max_age, now);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            let malformed = if args.malformed {
                let rows: Vec<MalformedRow> = store
                    .malformed()?
                    .into_iter()
                    .map(|(source, m)| MalformedRow {
                        source,
                        file: m.file,
                        id: m.id,
                        reason: m.reason,
                    })
                    .collect();
                Some(rows)
            } else {
                None
            };
            let text = bosun_report::db::status_json(
                &st,
                now,
                max_age.as_secs(),
                stale.is_some(),
                malformed.as_deref(),
            )?;
            out.write_all(text.as_bytes())?;
        }
        Format::Table => write_status(&mut out, &st, now)?,
    }
    if args.malformed && args.format == Format::Table {
        let mut t = new_table(["SOURCE", "FILE", "ID", "REASON"]);
        for (source, m) in store.malformed()? {
            t.add_row([source, m.file, m.id.unwrap_or_default(), m.reason]);
        }
        writeln!(out, "\n{t}")?;
    }
    drop(out);
    if let Some(w) = stale {
        warn(&w);
    }
    Ok(Status::Success)
}

fn write_status(out: &mut impl Write, st: &DbStatus, now: i64) -> anyhow::Result<()> {
    writeln!(out, "Database:   {}", st.path.display())?;
    writeln!(out, "Schema:     {}", st.schema_version)?;
    writeln!(out, "Size:       {} bytes", st.file_bytes)?;
    writeln!(
        out,
        "Advisories: {} ({} withdrawn)",
        st.advisories, st.withdrawn
    )?;
    if let Some(age) = st.age_secs(now) {
        writeln!(out, "Age:        {}", bosun_vulndb::time::format_age(age))?;
    }
    let mut t = new_table([
        "SOURCE",
        "RECORDS",
        "MALFORMED",
        "SKIPPED ENTRIES",
        "FETCHED",
        "CHECKED",
        "AGE",
        "URL",
    ]);
    for s in &st.sources {
        t.add_row([
            s.name.clone(),
            s.records.to_string(),
            s.malformed.to_string(),
            s.skipped.values().sum::<i64>().to_string(),
            bosun_vulndb::time::rfc3339(s.fetched_at),
            bosun_vulndb::time::rfc3339(s.checked_at),
            bosun_vulndb::time::format_age(now - s.checked_at),
            s.url.clone(),
        ]);
    }
    writeln!(out, "\n{t}")?;
    if !st.enrichment.is_empty() {
        let mut t = new_table([
            "ENRICHMENT",
            "RECORDS",
            "SCORES",
            "MALFORMED",
            "IMPORTED",
            "AGE",
            "DATA DATE",
            "PATH",
        ]);
        for e in &st.enrichment {
            t.add_row([
                e.name.clone(),
                e.records.to_string(),
                e.items.to_string(),
                e.malformed.to_string(),
                bosun_vulndb::time::rfc3339(e.fetched_at),
                bosun_vulndb::time::format_age(now - e.fetched_at),
                e.data_date.clone().unwrap_or_default(),
                e.url.clone(),
            ]);
        }
        writeln!(out, "\n{t}")?;
    }
    if st.sources.iter().any(|s| !s.skipped.is_empty()) {
        // Entries bosun cannot look up (an `affected` entry naming only
        // commits, say) cost the entry, not the record: say how many.
        let mut t = new_table(["SOURCE", "SKIPPED AFFECTED ENTRIES", "COUNT"]);
        for s in &st.sources {
            for (key, n) in &s.skipped {
                let why = SkipReason::from_key(key).map_or(key.as_str(), |r| r.describe());
                t.add_row([s.name.clone(), why.to_owned(), n.to_string()]);
            }
        }
        writeln!(out, "\n{t}")?;
    }
    let mut t = new_table(["ECOSYSTEM", "ADVISORIES"]);
    for e in &st.ecosystems {
        t.add_row([e.ecosystem.clone(), e.advisories.to_string()]);
    }
    writeln!(out, "\n{t}")?;
    Ok(())
}

fn import(ctx: &Context, db: &Path, args: ImportArgs) -> anyhow::Result<Status> {
    let bars = Bars::new(ctx.quiet);
    if !args.kind.eq_ignore_ascii_case("osv") {
        let kind: bosun_vulndb::enrich::Kind = args.kind.parse().map_err(anyhow::Error::msg)?;
        let r = bosun_vulndb::import_enrichment(db, kind, &args.path, &bars)
            .with_context(|| format!("importing {} as {kind}", args.path.display()))?;
        let mut table = new_table([
            "SOURCE",
            "FILES",
            "RECORDS",
            "SCORES",
            "OLDER",
            "MALFORMED",
            "HELD",
            "SCORES HELD",
        ]);
        table.add_row([
            r.name.clone(),
            r.files.to_string(),
            r.records.to_string(),
            r.scores.to_string(),
            r.older.to_string(),
            r.malformed.len().to_string(),
            r.total_records.to_string(),
            r.total_scores.to_string(),
        ]);
        writeln!(std::io::stdout().lock(), "{table}")?;
        let report = SourceReport {
            name: r.name.clone(),
            records: r.records,
            malformed: r.malformed,
            skipped: Default::default(),
        };
        report_malformed(&[&report]);
        return Ok(Status::Success);
    }
    let report = bosun_vulndb::import(db, &args.path, &bars)
        .with_context(|| format!("importing {}", args.path.display()))?;
    let mut out = std::io::stdout().lock();
    if report.replaced_database {
        writeln!(
            out,
            "imported database {} into {}",
            args.path.display(),
            db.display()
        )?;
        return Ok(Status::Success);
    }
    let mut table = new_table(["SOURCE", "RECORDS", "MALFORMED", "SKIPPED ENTRIES"]);
    for s in &report.sources {
        table.add_row([
            s.name.clone(),
            s.records.to_string(),
            s.malformed.len().to_string(),
            s.skipped.values().sum::<u64>().to_string(),
        ]);
    }
    for f in &report.failed {
        table.add_row([
            f.name.clone(),
            format!("failed: {}", f.error),
            String::new(),
            String::new(),
        ]);
    }
    writeln!(out, "{table}")?;
    drop(out);
    report_malformed(&report.sources.iter().collect::<Vec<_>>());
    if !report.failed.is_empty() {
        anyhow::bail!(
            "{} of {} sources could not be imported; they keep their previous data",
            report.failed.len(),
            report.failed.len() + report.sources.len()
        );
    }
    Ok(Status::Success)
}

fn export(db: &Path, args: ExportArgs) -> anyhow::Result<Status> {
    let bytes = bosun_vulndb::export(db, &args.file)
        .with_context(|| format!("exporting {} to {}", db.display(), args.file.display()))?;
    writeln!(
        std::io::stdout().lock(),
        "wrote {} ({bytes} bytes)",
        args.file.display()
    )?;
    Ok(Status::Success)
}

/// How many malformed records are listed before the rest are counted.
const MALFORMED_SHOWN: usize = 20;

/// Lists malformed records on stderr: they are diagnostics, not results.
fn report_malformed(reports: &[&SourceReport]) {
    let all: Vec<(&str, &Malformed)> = reports
        .iter()
        .flat_map(|r| r.malformed.iter().map(move |m| (r.name.as_str(), m)))
        .collect();
    for (source, m) in all.iter().take(MALFORMED_SHOWN) {
        warn(&format!(
            "{source}: {}: {}malformed record skipped: {}",
            m.file,
            m.id.as_deref()
                .map(|id| format!("{id}: "))
                .unwrap_or_default(),
            m.reason
        ));
    }
    if all.len() > MALFORMED_SHOWN {
        warn(&format!(
            "{} more malformed records (see `bosun db status --malformed`)",
            all.len() - MALFORMED_SHOWN
        ));
    }
}

#[allow(clippy::print_stderr)]
fn warn(msg: &str) {
    eprintln!("bosun: warning: {msg}");
}

fn new_table<const N: usize>(header: [&str; N]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::NOTHING);
    t.set_header(header);
    t
}

/// Progress bars on a terminal; one line per finished task otherwise, so
/// that CI logs show what happened; nothing with `--quiet`.
struct Bars {
    quiet: bool,
    terminal: bool,
    current: Mutex<Option<(String, ProgressBar)>>,
}

impl Bars {
    fn new(quiet: bool) -> Self {
        Self {
            quiet,
            terminal: std::io::stderr().is_terminal(),
            current: Mutex::new(None),
        }
    }
}

impl Progress for Bars {
    fn begin(&self, label: &str, total: Option<u64>, unit: Unit) {
        let bar = if self.quiet || !self.terminal {
            ProgressBar::hidden()
        } else {
            let template = match (unit, total.is_some()) {
                (Unit::Bytes, true) => {
                    "{msg:20} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})"
                }
                (Unit::Bytes, false) => "{msg:20} {spinner} {bytes} ({bytes_per_sec})",
                (Unit::Records, true) => "{msg:20} [{bar:30}] {pos}/{len} records",
                (Unit::Records, false) => "{msg:20} {spinner} {pos} records",
            };
            let bar = total.map_or_else(ProgressBar::new_spinner, ProgressBar::new);
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(label.to_owned());
            bar
        };
        if let Ok(mut cur) = self.current.lock() {
            *cur = Some((label.to_owned(), bar));
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(cur) = self.current.lock()
            && let Some((_, bar)) = cur.as_ref()
        {
            bar.inc(n);
        }
    }

    fn finish(&self, outcome: &str) {
        let Ok(mut cur) = self.current.lock() else {
            return;
        };
        if let Some((label, bar)) = cur.take() {
            if self.quiet {
                return;
            }
            if self.terminal {
                bar.finish_with_message(format!("{label}: {outcome}"));
            } else {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("bosun: {label}: {outcome}");
                }
            }
        }
    }
}
