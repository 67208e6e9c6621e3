//! `bosun copy SRC DST`: copy an image between registries, OCI layouts and
//! archives, and docker archives, keeping its manifest digest where the
//! destination can hold a manifest.

use std::io::Write;

use anyhow::Context as _;
use bosun_image::ImageRef;
use bosun_registry::{CopyOptions, CopyReport, CredentialStore};
use clap::Args;

use super::Context;
use crate::exit::Status;

/// Arguments of `bosun copy`.
#[derive(Debug, Args)]
#[command(after_help = "\
References: a registry image (NAME[:TAG][@DIGEST], optionally registry: or docker://),
an OCI layout (oci:DIR[:TAG]), an OCI archive (oci-archive:FILE[:TAG]) or a docker
archive (docker-archive:FILE[:NAME:TAG], as docker save/load and skopeo use). Between
repositories of one registry, layers are mounted, not downloaded. Archive destinations
are replaced if they exist.

Digests: registries, OCI layouts and OCI archives keep the manifest (and index) digest.
Docker archives hold no manifest: copying into one keeps the image id and layer
diff_ids (layers are stored uncompressed), and copying out of one builds a new
manifest over the stored layers, unless the archive (Docker 25+) holds the original.

Examples:
  bosun copy ghcr.io/org/app:1.2 registry.example.com/app:1.2 --all-platforms
  bosun copy python:3.12-slim oci:./python:3.12-slim
  bosun copy oci:./build:latest localhost:5000/app:dev --insecure-registry localhost:5000
  bosun copy alpine:3.20 oci-archive:alpine.tar:3.20
  bosun copy docker-archive:app.tar registry.example.com/app:1.0
  bosun copy ghcr.io/org/app:1.2 docker-archive:app.tar:ghcr.io/org/app:1.2")]
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

/// Copies `src` to `dst` with the registry settings of `ctx` (shared by
/// `copy` and `promote`).
pub(crate) fn copy_image(
    ctx: &Context,
    src: &ImageRef,
    dst: &ImageRef,
    opts: &CopyOptions,
) -> anyhow::Result<CopyReport> {
    let client = ctx.registry.client(CredentialStore::from_env())?;
    let cache = ctx.registry.blob_cache()?;
    Ok(bosun_registry::copy(&client, &cache, src, dst, opts)?)
}

/// `N manifests; blobs: C copied, M mounted, E already there`.
pub(crate) fn summary(r: &CopyReport) -> String {
    format!(
        "{} manifests; blobs: {} copied, {} mounted, {} already there",
        r.manifests, r.blobs_copied, r.blobs_mounted, r.blobs_existing
    )
}

/// Runs `bosun copy`.
pub(crate) fn run(ctx: &Context, args: CopyArgs) -> anyhow::Result<Status> {
    let src = ImageRef::parse(&args.src)?;
    let dst = bosun_registry::parse_destination(&args.dst)?;
    let platform = args
        .platform
        .as_deref()
        .map(str::parse)
        .transpose()
        .context("invalid --platform")?;
    let opts = CopyOptions {
        all_platforms: args.all_platforms,
        platform,
    };
    let report = copy_image(ctx, &src, &dst, &opts)
        .with_context(|| format!("copying {} to {}", args.src, args.dst))?;
    writeln!(
        std::io::stdout().lock(),
        "{dst} {} ({})",
        report.digest,
        summary(&report)
    )?;
    Ok(Status::Success)
}
