//! The image → SBOM path shared by `bosun sbom` and `bosun scan`: open the
//! image, reuse the per-image catalog cache when the content is unchanged,
//! else walk the layers (reusing cached layers) and catalog them, and fill
//! the cache. Source trees (`dir:`) honour their `.gitignore` files.

use std::path::PathBuf;

use bosun_catalog::Sbom;
use clap::Args;

use super::Context;
use super::inspect::{LimitArgs, open_image};
use crate::progress::WalkProgress;

/// Flags of every command that catalogs an image.
#[derive(Debug, Args)]
pub(crate) struct CatalogArgs {
    /// Platform to pick from a multi-platform image (os/arch[/variant]).
    #[arg(long, env = "BOSUN_PLATFORM", value_name = "OS/ARCH[/VARIANT]")]
    pub(crate) platform: Option<String>,
    /// Cache of catalog results (default: `$XDG_CACHE_HOME/bosun/layers`, else `~/.cache/bosun/layers`).
    #[arg(long, env = "BOSUN_CACHE_DIR", value_name = "DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Neither read nor write the cache.
    #[arg(long)]
    pub(crate) no_cache: bool,
    /// For `dir:` sources, catalog files that `.gitignore` files exclude
    /// (and `.git/`) too.
    #[arg(long)]
    pub(crate) no_gitignore: bool,
    #[command(flatten)]
    pub(crate) limits: LimitArgs,
}

/// Catalogs the image `reference` (any reference `bosun inspect` accepts).
/// Unreadable package databases are warned about on stderr and kept in
/// [`Sbom::problems`].
pub(crate) fn catalog_image(
    ctx: &Context,
    reference: &str,
    args: &CatalogArgs,
) -> anyhow::Result<Sbom> {
    let image = open_image(ctx, reference, args.platform.as_deref())?;
    let cache = if args.no_cache {
        None
    } else {
        args.cache_dir
            .clone()
            .or_else(bosun_catalog::cache::default_dir)
    };
    let settings = &ctx.config.catalog;
    let platform = args.platform.as_deref();
    let cached = match &cache {
        Some(dir) => bosun_catalog::cache::lookup(dir, &image, platform, settings)?,
        None => None,
    };
    let sbom = match cached {
        Some(mut sbom) => {
            // The same content may be reached by another reference.
            sbom.image.reference = image.reference.to_string();
            sbom
        }
        None => {
            let source = bosun_catalog::Source::of(&image);
            let cats = bosun_catalog::catalogers_for(source, settings);
            let (requests, _) = bosun_catalog::requests(&cats);
            let progress = WalkProgress::new(ctx.quiet);
            let mut opts = args.limits.catalog_walk_options(cache.as_deref(), settings);
            opts.gitignore = source == bosun_catalog::Source::Directory && !args.no_gitignore;
            let walk = bosun_layers::walk(&image, &requests, &opts, &progress)?;
            progress.finish();
            let sbom = bosun_catalog::catalog_walk(&image, &walk, settings);
            if let Some(dir) = &cache
                && let Err(e) =
                    bosun_catalog::cache::store_image(dir, &image, platform, settings, &sbom)
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
    Ok(sbom)
}

/// The current time (or `SOURCE_DATE_EPOCH`, for reproducible documents)
/// as RFC 3339 UTC.
pub(crate) fn now_rfc3339() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(bosun_vulndb::time::now);
    bosun_vulndb::time::rfc3339(secs)
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc3339() {
        assert_eq!(bosun_vulndb::time::rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(
            bosun_vulndb::time::rfc3339(1_704_164_645),
            "2024-01-02T03:04:05Z"
        );
        assert_eq!(
            bosun_vulndb::time::rfc3339(951_782_400),
            "2000-02-29T00:00:00Z"
        );
    }
}
