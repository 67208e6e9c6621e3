//! The flags of every command that catalogs an image, turned into
//! [`bosun_pipeline::CatalogSettings`]; the job itself is
//! [`bosun_pipeline::catalog_image`].

use bosun_pipeline::{CatalogSettings, OpenSettings};
use bosun_types::Sbom;
use clap::Args;

use super::Context;
use super::inspect::LimitArgs;
use crate::progress::Reporter;

/// Flags of every command that catalogs an image.
#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    /// Platform to pick from a multi-platform image (os/arch[/variant]).
    #[arg(long, env = "BOSUN_PLATFORM", value_name = "OS/ARCH[/VARIANT]")]
    pub(crate) platform: Option<String>,
    /// Neither read nor write the catalog cache.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// For `dir:` sources, catalog files that `.gitignore` files exclude
    /// (and `.git/`) too.
    #[arg(long)]
    pub(crate) no_gitignore: bool,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

impl CatalogArgs {
    /// The pipeline's settings from these flags, the global ones and the
    /// configuration file.
    pub(crate) fn settings(&self, ctx: &Context) -> CatalogSettings {
        CatalogSettings {
            open: OpenSettings {
                platform: self.platform.clone(),
                registry: ctx.registry.clone(),
            },
            catalog: ctx.config.catalog,
            cache_dir: if self.no_cache {
                None
            } else {
                ctx.catalog_cache_dir
                    .clone()
                    .or_else(bosun_catalog::cache::default_dir)
            },
            gitignore: !self.no_gitignore,
            limits: self.limits.limits(),
            secrets: None,
            checks: None,
        }
    }
}

/// Catalogs the image `reference` (any reference `bosun inspect` accepts).
/// Unreadable package databases are warned about on stderr and kept in
/// [`Sbom::problems`].
pub(crate) fn catalog_image(
    ctx: &Context,
    reference: &str,
    args: &CatalogArgs,
) -> anyhow::Result<Sbom> {
    let reporter = Reporter::new(ctx.quiet);
    Ok(bosun_pipeline::catalog_image(reference, &args.settings(ctx), &reporter)?.sbom)
}
