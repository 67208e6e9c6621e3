//! `bosun cache prune`: remove blobs from the registry cache.

use std::io::Write;
use std::time::Duration;

use anyhow::bail;
use clap::{Args, Subcommand};

use super::Context;
use crate::exit::Status;

/// `bosun cache …`
#[derive(Debug, Subcommand)]
pub(crate) enum CacheCommand {
    /// Remove cached blobs not used recently (default: in 30 days).
    Prune(PruneArgs),
}

/// Arguments of `bosun cache prune`.
#[derive(Debug, Args)]
pub(crate) struct PruneArgs {
    /// Remove every blob.
    #[arg(long, conflicts_with = "older_than")]
    all: bool,
    /// Remove blobs not used for this long (e.g. 12h, 7d, 90m, 3600s).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    older_than: Option<Duration>,
}

/// Runs `bosun cache …`.
pub(crate) fn run(ctx: &Context, cmd: CacheCommand) -> anyhow::Result<Status> {
    match cmd {
        CacheCommand::Prune(args) => {
            let cache = ctx.registry.blob_cache()?;
            let age = if args.all {
                None
            } else {
                Some(args.older_than.unwrap_or(Duration::from_secs(30 * 86400)))
            };
            let s = cache.prune(age)?;
            writeln!(
                std::io::stdout().lock(),
                "removed {} blobs ({:.1} MB) from {}; {} kept",
                s.blobs,
                s.bytes as f64 / 1e6,
                cache.root().display(),
                s.kept
            )?;
            Ok(Status::Success)
        }
    }
}

fn parse_duration(s: &str) -> anyhow::Result<Duration> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (n, unit) = s.split_at(split);
    let Ok(n) = n.parse::<u64>() else {
        bail!("a duration is a number and a unit: 90s, 30m, 12h, 7d");
    };
    let secs = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86400,
        "w" => 7 * 86400,
        _ => bail!("unknown duration unit {unit:?} (s, m, h, d, w)"),
    };
    Ok(Duration::from_secs(n.saturating_mul(secs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("2h").unwrap(), Duration::from_secs(7200));
        assert_eq!(parse_duration("7d").unwrap(), Duration::from_secs(604800));
        assert!(parse_duration("7y").is_err());
        assert!(parse_duration("h").is_err());
    }
}
