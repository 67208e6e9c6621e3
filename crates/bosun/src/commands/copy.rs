//! `bosun copy SRC DST`: copy an image between registries and OCI layouts,
//! keeping its manifest digest.

use std::io::Write;

use anyhow::Context as _;
use bosun_image::ImageRef;
use bosun_registry::{CopyOptions, CredentialStore};
use clap::Args;

use super::Context;
use crate::exit::Status;

/// Arguments of `bosun copy`.
#[derive(Debug, Args)]
#[command(after_help = "\
References: a registry image (NAME[:TAG][@DIGEST], optionally registry: or docker://)
or an OCI layout (oci:DIR[:TAG]). Between repositories of one registry, layers are
mounted, not downloaded.

Examples:
  bosun copy ghcr.io/org/app:1.2 registry.example.com/app:1.2 --all-platforms
  bosun copy python:3.12-slim oci:./python:3.12-slim
  bosun copy oci:./build:latest localhost:5000/app:dev --insecure-registry localhost:5000")]
pub(crate) struct CopyArgs {
    /// Source image.
    src: String,
    /// Destination.
    dst: String,
    /// Copy every platform of a multi-platform image (the index keeps its digest).
    #[arg(long)]
    all_platforms: bool,
    /// Platform to copy from a multi-platform image (default linux/amd64).
    #[arg(
        long,
        env = "BOSUN_PLATFORM",
        value_name = "OS/ARCH[/VARIANT]",
        conflicts_with = "all_platforms"
    )]
    platform: Option<String>,
}

/// Runs `bosun copy`.
pub(crate) fn run(_ctx: &Context, args: CopyArgs) -> anyhow::Result<Status> {
    let src = ImageRef::parse(&args.src)?;
    let dst = bosun_registry::parse_destination(&args.dst)?;
    let platform = args
        .platform
        .as_deref()
        .map(str::parse)
        .transpose()
        .context("invalid --platform")?;
    let client = super::registry::client_with(CredentialStore::from_env())?;
    let cache = super::registry::cache()?;
    let report = bosun_registry::copy(
        &client,
        &cache,
        &src,
        &dst,
        &CopyOptions {
            all_platforms: args.all_platforms,
            platform,
        },
    )
    .with_context(|| format!("copying {} to {}", args.src, args.dst))?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} {} ({} manifests; blobs: {} copied, {} mounted, {} already there)",
        dst,
        report.digest,
        report.manifests,
        report.blobs_copied,
        report.blobs_mounted,
        report.blobs_existing
    )?;
    Ok(Status::Success)
}
