//! `bosun lint`: Dockerfile linting.

use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use bosun_dockerfile::{Finding, LintConfig, Severity};
use bosun_report::lint::{Format, Options};
use clap::Args;
use rayon::prelude::*;

use super::Context;
use crate::exit::Status;

/// Arguments of `bosun lint`.
#[derive(Debug, Args)]
#[command(
    after_help = "Inline ignores: `# bosun ignore=DL3008,DL3009` (or hadolint's `# hadolint ignore=…`) \
on the line above an instruction; `# bosun global ignore=…` for the whole file."
)]
pub(crate) struct LintArgs {
    /// Dockerfiles to lint (`-` reads standard input).
    #[arg(required_unless_present_any = ["explain", "list_rules"])]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_parser = crate::formats::parser(bosun_report::lint::FORMATS), default_value = "tty")]
    format: Format,
    /// Do not report this rule (repeatable; adds to the config's `lint.ignored`).
    #[arg(long = "ignore", value_name = "CODE")]
    ignore: Vec<String>,
    /// Registry base images may come from (repeatable; adds to `lint.trusted-registries`).
    #[arg(long = "trusted-registry", value_name = "REGISTRY")]
    trusted_registries: Vec<String>,
    /// Exit with status 1 when a finding is at least this severe (error, warning, info, style; `ignore` never fails).
    #[arg(long, value_name = "SEVERITY")]
    failure_threshold: Option<Severity>,
    /// Show what a rule checks, why, an example and the fix, then exit.
    #[arg(long, value_name = "CODE", conflicts_with = "files")]
    explain: Option<String>,
    /// List every rule with its code and default severity, then exit.
    #[arg(long, conflicts_with_all = ["files", "explain"])]
    list_rules: bool,
}

/// Runs `bosun lint`.
pub(crate) fn run(ctx: &Context, args: LintArgs) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    if let Some(code) = &args.explain {
        let rule = bosun_dockerfile::rules::find(code).with_context(|| {
            format!("no rule with code {code:?} (see `bosun lint --list-rules`)")
        })?;
        let d = rule.doc();
        writeln!(
            out,
            "{} ({}): {}\n\nWhat: {}\n\nWhy: {}\n\nExample:\n{}\n\nFix:\n{}",
            rule.code(),
            rule.severity(),
            rule.summary(),
            d.what,
            d.why,
            indent(d.example),
            indent(d.fix)
        )?;
        return Ok(Status::Success);
    }
    if args.list_rules {
        for r in bosun_dockerfile::RULES {
            writeln!(
                out,
                "{}  {:<7}  {}",
                r.code(),
                r.severity().as_str(),
                r.summary()
            )?;
        }
        return Ok(Status::Success);
    }

    let config = merged_config(&ctx.config.lint, &args);
    for code in config.unknown_codes() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "bosun: warning: no lint rule has the code {code:?} (see `bosun lint --list-rules`)"
            );
        }
    }
    let mut stdin_used = false;
    let mut sources = Vec::with_capacity(args.files.len());
    let mut read_failed = false;
    for path in &args.files {
        if path.as_os_str() == "-" {
            anyhow::ensure!(!stdin_used, "`-` (standard input) given more than once");
            stdin_used = true;
            if !ctx.quiet && std::io::stdin().is_terminal() {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("bosun: reading a Dockerfile from standard input (end with Ctrl-D)");
                }
            }
            let mut buf = Vec::new();
            std::io::stdin()
                .take(READ_LIMIT)
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            sources.push(("-".to_string(), String::from_utf8_lossy(&buf).into_owned()));
            continue;
        }
        match read_capped(path) {
            Ok(b) => sources.push((
                path.display().to_string(),
                String::from_utf8_lossy(&b).into_owned(),
            )),
            Err(e) => {
                // One unreadable file should not hide the findings of the others.
                #[allow(clippy::print_stderr)]
                {
                    eprintln!("bosun: error: reading {}: {e}", path.display());
                }
                read_failed = true;
            }
        }
    }
    let mut findings: Vec<Finding> = sources
        .par_iter()
        .flat_map_iter(|(name, text)| bosun_dockerfile::lint(name, text, &config))
        .collect();
    // par_iter keeps file order within each chunk; make the order total.
    let order: std::collections::HashMap<&str, usize> = sources
        .iter()
        .enumerate()
        .map(|(i, (n, _))| (n.as_str(), i))
        .collect();
    findings.sort_by_key(|f| (order.get(f.file.as_str()).copied(), f.line, f.code.clone()));

    let opts = Options {
        color: ctx.color && args.format == Format::Tty,
        files: sources.len(),
        rules: Some(bosun_dockerfile::rules::info),
    };
    out.write_all(bosun_report::lint::render(args.format, &findings, opts)?.as_bytes())?;
    out.flush()?;

    if read_failed {
        return Ok(Status::Error);
    }
    let threshold = config.failure_threshold;
    let failed = threshold != Severity::Ignore && findings.iter().any(|f| f.severity >= threshold);
    Ok(if failed {
        Status::Failure
    } else {
        Status::Success
    })
}

/// Reading stops one byte past the linter's size limit: enough for it to
/// refuse the file (a DL1000 naming it), without loading a huge file whole.
const READ_LIMIT: u64 = bosun_dockerfile::parser::MAX_DOCKERFILE_BYTES as u64 + 1;

fn read_capped(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(READ_LIMIT)
        .read_to_end(&mut buf)?;
    Ok(buf)
}

/// The configuration file's `lint:` section with the command-line flags on top.
fn merged_config(base: &LintConfig, args: &LintArgs) -> LintConfig {
    let mut c = base.clone();
    c.ignored.extend(args.ignore.iter().cloned());
    c.trusted_registries
        .extend(args.trusted_registries.iter().cloned());
    if let Some(t) = args.failure_threshold {
        c.failure_threshold = t;
    }
    c
}

fn indent(s: &str) -> String {
    s.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}
