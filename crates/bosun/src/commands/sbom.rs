//! `bosun sbom`: the image's software inventory — distribution, OS and
//! language packages with the layer that installed each — as CycloneDX,
//! SPDX, bosun JSON or a table. A `dir:` source tree is cataloged the same
//! way, with lockfiles and manifests too, honouring its `.gitignore` files.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context as _;
use bosun_report::sbom::{Format as ReportFormat, Options};
use clap::Args;

use super::Context;
use super::catalog::{CatalogArgs, catalog_image};
use crate::exit::Status;

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
    /// Output format.
    #[arg(long, short, value_parser = crate::formats::parser(bosun_report::sbom::FORMATS), default_value = "table")]
    format: ReportFormat,
    /// Write the SBOM to this file instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    #[command(flatten)]
    catalog: CatalogArgs,
}

/// Runs `bosun sbom`.
pub(crate) fn run(ctx: &Context, args: SbomArgs) -> anyhow::Result<Status> {
    let sbom = catalog_image(ctx, &args.image, &args.catalog)?;
    let text = bosun_report::sbom::render(
        args.format,
        &sbom,
        &Options {
            created: bosun_pipeline::created_now(),
        },
    )?;
    match &args.output {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?
        }
        None => std::io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(Status::Success)
}
