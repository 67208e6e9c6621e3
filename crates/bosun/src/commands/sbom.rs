//! `bosun sbom`: the image's software inventory — distribution, OS and
//! language packages with the layer that installed each — as CycloneDX,
//! SPDX, bosun JSON or a table. A `dir:` source tree is cataloged the same
//! way, with lockfiles and manifests too, honouring its `.gitignore` files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use bosun_report::sbom::{Format as ReportFormat, Options};
use clap::{Args, ValueEnum};

use super::Context;
use super::inspect::{LimitArgs, open_image};
use crate::exit::Status;
use crate::progress::WalkProgress;

/// Output formats of `bosun sbom`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// CycloneDX 1.6 JSON.
    CyclonedxJson,
    /// SPDX 2.3 JSON.
    SpdxJson,
    /// The `bosun.sbom/v1` JSON document.
    Json,
    /// A human-readable table.
    Table,
}

/// Arguments of `bosun sbom`.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  bosun sbom oci:./layout:v1.2
  bosun sbom app.tar --format cyclonedx-json --output app.cdx.json
  bosun sbom oci:./layout --format spdx-json | jq '.packages | length'
  bosun sbom dir:./my-project --format json")]
pub(crate) struct SbomArgs {
    /// The image (same references as `bosun inspect`).
    image: String,
    /// Platform to pick from a multi-platform image (os/arch[/variant]).
    #[arg(long, env = "BOSUN_PLATFORM", value_name = "OS/ARCH[/VARIANT]")]
    platform: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Write the SBOM to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Cache of catalog results (default: `$XDG_CACHE_HOME/bosun/layers`, else `~/.cache/bosun/layers`).
    #[arg(long, env = "BOSUN_CACHE_DIR", value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long)]
    no_cache: bool,
    /// For `dir:` sources, catalog files that `.gitignore` files exclude
    /// (and `.git/`) too.
    #[arg(long)]
    no_gitignore: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Runs `bosun sbom`.
pub(crate) fn run(ctx: &Context, args: SbomArgs) -> anyhow::Result<Status> {
    let image = open_image(ctx, &args.image, args.platform.as_deref())?;
    let cache = if args.no_cache {
        None
    } else {
        args.cache_dir
            .clone()
            .or_else(bosun_catalog::cache::default_dir)
    };
    let key = bosun_catalog::cache::key(&image, args.platform.as_deref());
    let cached = match (&cache, &key) {
        (Some(dir), Some(key)) => bosun_catalog::cache::load(dir, key),
        _ => None,
    };
    let sbom = match cached {
        Some(mut sbom) => {
            // The same content may be reached by another reference.
            sbom.image.reference = image.reference.to_string();
            sbom
        }
        None => {
            let source = bosun_catalog::Source::of(&image);
            let cats = bosun_catalog::catalogers_for(source);
            let (requests, _) = bosun_catalog::requests(&cats);
            let progress = WalkProgress::new(ctx.quiet);
            let mut opts = args.limits.catalog_walk_options(cache.as_deref());
            opts.gitignore = source == bosun_catalog::Source::Directory && !args.no_gitignore;
            let walk = bosun_layers::walk(&image, &requests, &opts, &progress)?;
            progress.finish();
            let sbom = bosun_catalog::catalog_walk(&image, &walk);
            if let (Some(dir), Some(key)) = (&cache, &key)
                && let Err(e) = bosun_catalog::cache::store(dir, key, &sbom)
            {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!(
                        "bosun: warning: cannot write cache in {}: {e}",
                        dir.display()
                    );
                }
            }
            sbom
        }
    };
    for p in &sbom.problems {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "bosun: warning: {} (layer {}): {}",
                p.path, p.layer, p.message
            );
        }
    }
    let format = match args.format {
        Format::CyclonedxJson => ReportFormat::CycloneDxJson,
        Format::SpdxJson => ReportFormat::SpdxJson,
        Format::Json => ReportFormat::Json,
        Format::Table => ReportFormat::Table,
    };
    let text = bosun_report::sbom::render(
        format,
        &sbom,
        &Options {
            created: now_rfc3339(),
        },
    );
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}

/// The current time (or `SOURCE_DATE_EPOCH`, for reproducible documents)
/// as RFC 3339 UTC.
fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)
        });
    civil(secs)
}

fn civil(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339() {
        assert_eq!(super::civil(0), "1970-01-01T00:00:00Z");
        assert_eq!(super::civil(1_704_164_645), "2024-01-02T03:04:05Z");
        assert_eq!(super::civil(951_782_400), "2000-02-29T00:00:00Z");
    }
}
