//! `bosun scan`: catalog an image (or a directory, or read an SBOM), match
//! its packages against the vulnerability database, apply the filters,
//! ignore file and VEX documents, write each requested format, and exit 1
//! when a finding reaches `--fail-on`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use bosun_match::{Filter, Report, Severity};
use bosun_pipeline::{DbSettings, ScanSettings, Target};
use bosun_report::scan::{Format, Options};
use bosun_types::Sbom;
use bosun_vulndb::Store;
use clap::Args;

use super::Context;
use super::catalog::CatalogArgs;
use crate::exit::Status;
use crate::progress::Reporter;

/// Arguments of `bosun scan`.
#[derive(Debug, Args)]
#[command(after_help = "\
Targets:
  IMAGE          any reference `bosun inspect` accepts (oci:DIR[:TAG], docker-archive:FILE, a registry reference…)
  dir:PATH       a root filesystem directory
  sbom:FILE      a CycloneDX (1.4–1.6), SPDX 2.3 or syft JSON SBOM

Formats (-f, repeatable): see --format. FORMAT=FILE writes that format to FILE;
formats without a file go to --output, else stdout.

Examples:
  bosun scan oci:./layout:app
  bosun scan oci:./layout:app --fail-on high
  bosun scan docker-archive:app.tar -f table -f sarif=scan.sarif -f cyclonedx-json=scan.cdx.json
  bosun scan sbom:app.spdx.json --severity critical,high --ignore-unfixed
  bosun scan dir:./rootfs -f json -o scan.json --vex app.openvex.json
  bosun scan dir:. --scanners secret --fail-on high
  bosun scan docker-archive:app.tar --scanners vuln,secret
  bosun scan oci:./layout:app --scanners config,efficiency --fail-on medium
  bosun scan --explain CIS-DI-0001

Exit status: 0 no finding at or above --fail-on, 1 one is, 2 error (no database:
run `bosun db update`, or `bosun db import DIR` offline).")]
pub(crate) struct ScanArgs {
    /// What to scan: IMAGE, dir:PATH or sbom:FILE.
    #[arg(required_unless_present = "explain")]
    target: Option<String>,
    /// Explain an image check (`CIS-DI-0001`, `BSN-EF-0002`…): why it matters and how to fix
    /// it; `all` lists every check.
    #[arg(long, value_name = "CODE")]
    explain: Option<String>,
    /// Output format, optionally with its own file (FORMAT[=FILE]); repeatable.
    #[arg(long, short, value_name = "FORMAT[=FILE]", value_parser = parse_format)]
    format: Vec<(Format, Option<PathBuf>)>,
    /// Write the formats given without a file here instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Report only these severities (comma-separated: critical,high,medium,low,negligible,unknown).
    #[arg(
        long,
        env = "BOSUN_SEVERITY",
        value_delimiter = ',',
        value_name = "LIST"
    )]
    severity: Vec<String>,
    /// Report only findings with a CVSS base score of at least N.
    #[arg(long, env = "BOSUN_MIN_CVSS", value_name = "N")]
    min_cvss: Option<f64>,
    /// Report only findings whose CVE is in CISA's Known Exploited Vulnerabilities catalog
    /// (import it with `bosun db import --type kev`).
    #[arg(long, env = "BOSUN_KEV", value_parser = clap::builder::BoolishValueParser::new())]
    kev: bool,
    /// Report only findings with an EPSS probability of at least P (0 to 1; import scores with
    /// `bosun db import --type epss`).
    #[arg(long, env = "BOSUN_MIN_EPSS", value_name = "P")]
    min_epss: Option<f64>,
    /// Which ratings decide a finding's severity, first that has one (comma-separated from
    /// distro, advisory, cna, nvd, adp) [default: distro,advisory,cna,nvd,adp].
    #[arg(long, env = "BOSUN_SEVERITY_PRECEDENCE", value_name = "LIST")]
    severity_precedence: Option<String>,
    /// Drop findings that have no fixed version.
    #[arg(long, env = "BOSUN_IGNORE_UNFIXED", value_parser = clap::builder::BoolishValueParser::new())]
    ignore_unfixed: bool,
    /// Exit 1 when an unsuppressed finding is at least this severe.
    #[arg(long, env = "BOSUN_FAIL_ON", value_name = "SEVERITY")]
    fail_on: Option<String>,
    /// Ignore file (default: `.bosunignore.yaml` in the current directory, if present).
    #[arg(long, env = "BOSUN_IGNORE_FILE", value_name = "FILE")]
    ignore_file: Option<PathBuf>,
    /// OpenVEX or CycloneDX VEX document; repeatable.
    #[arg(long, env = "BOSUN_VEX", value_name = "FILE", value_delimiter = ',')]
    vex: Vec<PathBuf>,
    /// Refuse to scan when the vulnerability data is older than this (`30d`, `12h`).
    #[arg(long, env = "BOSUN_DB_MAX_AGE", value_name = "AGE")]
    db_max_age: Option<String>,
    /// What to look for (comma-separated: vuln, secret, config, efficiency; `all` for
    /// everything). Default: vuln. Everything is looked for in the same layer walk.
    #[arg(
        long,
        env = "BOSUN_SCANNERS",
        value_delimiter = ',',
        value_name = "LIST"
    )]
    scanners: Vec<String>,
    #[command(flatten)]
    catalog: CatalogArgs,
}

fn parse_format(s: &str) -> Result<(Format, Option<PathBuf>), String> {
    let (name, file) = crate::formats::split_file(s)?;
    let names: Vec<&str> = bosun_report::scan::FORMATS.iter().map(|f| f.name).collect();
    let format = Format::from_name(name)
        .ok_or_else(|| format!("unknown format {name:?} (one of {})", names.join(", ")))?;
    Ok((format, file))
}

fn severity(s: &str) -> anyhow::Result<Severity> {
    s.parse::<Severity>().map_err(anyhow::Error::msg)
}

/// The SBOM of a `scan`/`explain` target.
pub(crate) fn target_sbom(
    ctx: &Context,
    text: &str,
    catalog: &CatalogArgs,
) -> anyhow::Result<Sbom> {
    let target = Target::parse(text);
    let reporter = Reporter::new(ctx.quiet);
    Ok(bosun_pipeline::target_sbom(&target, &catalog.settings(ctx), &reporter)?.0)
}

/// Opens the database for a scan: a clear error when there is none,
/// a warning when it is older than `db.max-age`, an error past
/// `--db-max-age`.
pub(crate) fn open_db(ctx: &Context, refuse_after: Option<&str>) -> anyhow::Result<Store> {
    let refuse_after = refuse_after
        .map(|limit| {
            bosun_types::time::parse_age(limit)
                .map_err(anyhow::Error::msg)
                .context("invalid --db-max-age")
        })
        .transpose()?;
    let settings = DbSettings {
        path: super::db::db_path(ctx)?,
        refuse_after,
        warn_after: super::db::max_age(ctx, None)?,
    };
    Ok(bosun_pipeline::open_db(&settings, &Reporter::new(true))?)
}

/// Runs `bosun scan`.
pub(crate) fn run(ctx: &Context, args: ScanArgs) -> anyhow::Result<Status> {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let Some(target) = args.target.as_deref() else {
        bail!("give a target to scan (or --explain CODE)");
    };
    let cfg = &ctx.config.scan;
    // Flags (and their environment variables) win over the config file.
    let severities = if args.severity.is_empty() {
        cfg.severity.clone()
    } else {
        args.severity.clone()
    };
    let severities = severities
        .iter()
        .map(|s| severity(s))
        .collect::<anyhow::Result<Vec<_>>>()
        .context("invalid --severity")?;
    let fail_on = args
        .fail_on
        .as_deref()
        .or(cfg.fail_on.as_deref())
        .map(severity)
        .transpose()
        .context("invalid --fail-on")?;
    let filter = Filter {
        severities: (!severities.is_empty()).then_some(severities),
        min_cvss: args.min_cvss.or(cfg.min_cvss),
        ignore_unfixed: args.ignore_unfixed || cfg.ignore_unfixed,
        kev: args.kev,
        min_epss: args.min_epss,
    };
    if let Some(p) = args.min_epss
        && !(0.0..=1.0).contains(&p)
    {
        bail!("--min-epss is {p}; EPSS probabilities run from 0 to 1");
    }
    let vex_files = if args.vex.is_empty() {
        &cfg.vex
    } else {
        &args.vex
    };
    let ignore_file = args.ignore_file.as_deref().or(cfg.ignore_file.as_deref());
    let (ignores, vex) = bosun_pipeline::suppressions(ignore_file, vex_files)?;
    let mut outputs = args.format.clone();
    if outputs.is_empty() {
        outputs.push((Format::Table, None));
    }
    if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
        bail!(
            "several formats would share {}: give each but one its own file (-f FORMAT=FILE)",
            args.output
                .as_ref()
                .map_or("stdout".to_owned(), |p| p.display().to_string())
        );
    }

    let scanners = if args.scanners.is_empty() {
        &cfg.scanners
    } else {
        &args.scanners
    };
    let Scanners {
        vuln,
        secret,
        config,
        efficiency,
    } = scanners_of(scanners)?;
    // A secret-only scan needs no vulnerability database.
    let store: Box<dyn bosun_types::AdvisorySource> = if vuln {
        Box::new(open_db(
            ctx,
            args.db_max_age.as_deref().or(cfg.db_max_age.as_deref()),
        )?)
    } else {
        Box::new(NoAdvisories)
    };
    let mut catalog = args.catalog.settings(ctx);
    if secret {
        let scanner = bosun_secrets::Scanner::new(&ctx.config.secrets)
            .context("invalid `secrets:` section of the configuration")?;
        catalog.secrets = Some(std::sync::Arc::new(scanner));
    }
    if config || efficiency {
        catalog.checks = Some(bosun_checks::Selection { config, efficiency });
    }
    let settings = ScanSettings {
        catalog,
        filter,
        ignores,
        vex,
        tool_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        today: None,
        precedence: args
            .severity_precedence
            .as_deref()
            .map(bosun_types::enrich::parse_precedence)
            .transpose()
            .map_err(anyhow::Error::msg)
            .context("invalid --severity-precedence")?,
    };
    let scanned = bosun_pipeline::scan(
        store.as_ref(),
        &Target::parse(target),
        &settings,
        &Reporter::new(ctx.quiet),
    )?;
    let (report, sbom) = (scanned.report, scanned.sbom);
    write_outputs(ctx, &report, &sbom, &outputs, args.output.as_deref())?;
    Ok(match fail_on {
        Some(level)
            if bosun_match::fails(&report, level)
                || report
                    .secrets
                    .iter()
                    .any(|s| s.suppressed.is_none() && s.severity >= level)
                || report
                    .config
                    .iter()
                    .any(|c| c.suppressed.is_none() && c.severity >= level) =>
        {
            if !ctx.quiet {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("bosun: findings at or above {level}: failing (--fail-on)");
                }
            }
            Status::Failure
        }
        _ => Status::Success,
    })
}

/// The scanners `--scanners` turns on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Scanners {
    vuln: bool,
    secret: bool,
    config: bool,
    efficiency: bool,
}

/// The scanners from `--scanners`; empty means the default, `vuln`.
fn scanners_of(list: &[String]) -> anyhow::Result<Scanners> {
    let mut s = Scanners::default();
    if list.is_empty() {
        s.vuln = true;
        return Ok(s);
    }
    for name in list {
        match name.trim().to_ascii_lowercase().as_str() {
            "vuln" | "vulns" | "vulnerability" => s.vuln = true,
            "secret" | "secrets" => s.secret = true,
            "config" | "misconfig" => s.config = true,
            "efficiency" => s.efficiency = true,
            "all" => {
                s = Scanners {
                    vuln: true,
                    secret: true,
                    config: true,
                    efficiency: true,
                }
            }
            other => bail!(
                "unknown scanner {other:?} in --scanners (vuln, secret, config, efficiency, all)"
            ),
        }
    }
    Ok(s)
}

/// `bosun scan --explain CODE`: a check's code, title, severity, scanner
/// and explanation; `all` lists the checks.
fn explain(code: &str) -> anyhow::Result<Status> {
    let mut out = String::new();
    if code.eq_ignore_ascii_case("all") {
        for c in bosun_checks::CHECKS {
            out.push_str(&format!(
                "{:<12} {:<10} {:<11} {}\n",
                c.code,
                c.severity.as_str(),
                c.scanner(),
                c.title
            ));
        }
    } else {
        let Some(c) = bosun_checks::check(code) else {
            bail!(
                "no check {code:?} (one of {}; `--explain all` lists them)",
                bosun_checks::codes().join(", ")
            );
        };
        out.push_str(&format!(
            "{} {}\nseverity: {}   scanner: {}\n\n{}\n",
            c.code,
            c.title,
            c.severity.as_str(),
            c.scanner(),
            c.explain
        ));
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(Status::Success)
}

/// The advisory source of a scan that does not look for vulnerabilities:
/// it knows of none.
struct NoAdvisories;

impl bosun_types::AdvisorySource for NoAdvisories {
    fn advisories_for(
        &self,
        _: &str,
        _: &str,
    ) -> Result<Vec<bosun_types::advisory::AdvisoryMatch>, bosun_types::advisory::SourceError> {
        Ok(Vec::new())
    }

    fn advisories_for_many(
        &self,
        q: &[(&str, &str)],
    ) -> Result<Vec<Vec<bosun_types::advisory::AdvisoryMatch>>, bosun_types::advisory::SourceError>
    {
        Ok(vec![Vec::new(); q.len()])
    }

    fn advisory(
        &self,
        _: &str,
    ) -> Result<Option<bosun_types::osv::Advisory>, bosun_types::advisory::SourceError> {
        Ok(None)
    }

    fn resolve_id(&self, _: &str) -> Result<Vec<String>, bosun_types::advisory::SourceError> {
        Ok(Vec::new())
    }

    fn advisory_links(
        &self,
        ids: &[&str],
    ) -> Result<Vec<Option<bosun_types::osv::Advisory>>, bosun_types::advisory::SourceError> {
        Ok(vec![None; ids.len()])
    }

    fn db_info(&self) -> Result<bosun_types::DbInfo, bosun_types::advisory::SourceError> {
        Ok(bosun_types::DbInfo::default())
    }
}

fn write_outputs(
    ctx: &Context,
    report: &Report,
    sbom: &Sbom,
    outputs: &[(Format, Option<PathBuf>)],
    default_file: Option<&Path>,
) -> anyhow::Result<()> {
    let created = bosun_pipeline::created_now();
    for (format, file) in outputs {
        let file = file.as_deref().or(default_file);
        let opts = Options {
            created: created.clone(),
            // Colour only for a table going to the terminal.
            color: file.is_none() && ctx.color,
        };
        let text = bosun_report::scan::render(*format, report, sbom, &opts)?;
        match file {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
            }
            None => std::io::stdout().lock().write_all(text.as_bytes())?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_with_files() {
        assert_eq!(parse_format("table").unwrap(), (Format::Table, None));
        assert_eq!(
            parse_format("sarif=out.sarif").unwrap(),
            (Format::Sarif, Some(PathBuf::from("out.sarif")))
        );
        assert!(parse_format("xml").is_err());
        assert!(parse_format("json=").is_err());
    }

    #[test]
    fn scanner_lists() {
        let l = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let on = |v: &[&str]| scanners_of(&l(v)).unwrap();
        assert!(on(&[]).vuln && !on(&[]).secret);
        assert!(on(&["secret"]).secret && !on(&["secret"]).vuln);
        assert!(on(&["config", "efficiency"]).config && on(&["efficiency"]).efficiency);
        let all = on(&["all"]);
        assert!(all.vuln && all.secret && all.config && all.efficiency);
        assert!(scanners_of(&l(&["misconfigs"])).is_err());
    }
}
