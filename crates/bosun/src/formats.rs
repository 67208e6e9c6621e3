//! `--format` values from `bosun-report`'s format registries: the names
//! accepted and the list `--help` shows both come from there, so the
//! binary keeps no copy of the format enums.

use bosun_report::FormatInfo;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

/// A parser for one format of `formats`, listing them (with their
/// descriptions) in `--help`.
pub(crate) fn parser<F: Copy + Send + Sync + 'static>(
    formats: &'static [FormatInfo<F>],
) -> impl TypedValueParser<Value = F> {
    PossibleValuesParser::new(
        formats
            .iter()
            .map(|f| PossibleValue::new(f.name).help(f.description)),
    )
    .try_map(move |name: String| {
        bosun_report::format::find(formats, &name).ok_or_else(|| format!("unknown format {name:?}"))
    })
}

/// `scan --format` takes `FORMAT[=FILE]`, which clap cannot list: its help
/// gets the registry's names and descriptions appended.
pub(crate) fn with_scan_formats(cmd: clap::Command) -> clap::Command {
    let list: Vec<String> = bosun_report::scan::FORMATS
        .iter()
        .map(|f| format!("{} ({})", f.name, f.description))
        .collect();
    cmd.mut_subcommand("scan", |sc| {
        sc.mut_arg("format", |a| {
            let help = a.get_help().map(ToString::to_string).unwrap_or_default();
            let help = help.trim_end_matches('.');
            a.help(format!("{help}. Formats: {}.", list.join(", ")))
        })
    })
}

/// Splits a `FORMAT[=FILE]` value (`-f sarif=out.sarif`) into the format
/// name and its file, for commands that write several formats in one run.
pub(crate) fn split_file(s: &str) -> Result<(&str, Option<std::path::PathBuf>), String> {
    match s.split_once('=') {
        Some((n, f)) if !f.is_empty() => Ok((n, Some(std::path::PathBuf::from(f)))),
        Some(_) => Err(format!("{s:?}: missing file after '='")),
        None => Ok((s, None)),
    }
}
