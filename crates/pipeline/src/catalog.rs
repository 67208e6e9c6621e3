//! The image → SBOM job shared by `sbom`, `scan` and `explain`: open the
//! image, reuse the per-image catalog cache when the content is unchanged,
//! else walk the layers (reusing cached layers) and catalog them, and fill
//! the cache. Source trees (`dir:`) honour their `.gitignore` files.
//! With a secret scanner in the settings, the same walk scans every file
//! of every layer for secrets (see `secrets.rs`); the per-image cache,
//! which holds SBOMs only, is then not consulted.

use std::path::PathBuf;
use std::sync::Arc;

use bosun_catalog::{CatalogConfig, Source};
use bosun_image::Image;
use bosun_layers::{ConfigSummary, IndexMode, LayerCache, Limits, WalkOptions};
use bosun_secrets::Scanner;
use bosun_types::{Sbom, SecretFinding};

use crate::error::Error;
use crate::observe::{Observer, Warning};
use crate::open::{OpenSettings, open_image};

/// What cataloging needs besides the reference.
#[derive(Debug, Clone, Default)]
pub struct CatalogSettings {
    /// How to open the image.
    pub open: OpenSettings,
    /// Cataloger settings (the configuration file's `catalog:`).
    pub catalog: CatalogConfig,
    /// The catalog cache directory (per image and per layer); `None`: no
    /// cache is read or written.
    pub cache_dir: Option<PathBuf>,
    /// For `dir:` sources, skip what `.gitignore` files exclude.
    pub gitignore: bool,
    /// Limits of the layer walk.
    pub limits: Limits,
    /// Scan every file of every layer (and the image configuration) for
    /// secrets in the same walk.
    pub secrets: Option<Arc<Scanner>>,
    /// Run the image checks (configuration, efficiency) on the same walk,
    /// which then keeps the complete index.
    pub checks: Option<bosun_checks::Selection>,
}

impl CatalogSettings {
    /// The walk options for cataloging: catalogers need only the requested
    /// files and whether each is visible, so the walk keeps the lean index
    /// (on an image of a million files that is most of the memory an SBOM
    /// costs), and layers already cataloged come from the cache.
    pub fn walk_options(&self, source: Source) -> WalkOptions {
        let mut key = bosun_catalog::fingerprint(source, &self.catalog);
        // Cached layers carry the secret request's results too, so a walk
        // with secrets never reuses one made without (or with other rules).
        if let Some(s) = &self.secrets {
            key.push('/');
            key.push_str(s.fingerprint());
        }
        // The file checks and the efficiency measures read every entry of
        // every layer: the walk keeps the complete index (not cached per
        // layer; the lean index is cached).
        let wants_entries = self.checks.is_some_and(|c| c.config || c.efficiency);
        WalkOptions {
            limits: self.limits,
            index: if wants_entries {
                IndexMode::Full
            } else {
                IndexMode::Visibility
            },
            cache: self
                .cache_dir
                .as_deref()
                .map(|dir| LayerCache::new(dir, key)),
            gitignore: source == Source::Directory && self.gitignore,
            fingerprint_from: self
                .checks
                .is_some_and(|c| c.efficiency)
                .then_some(bosun_checks::efficiency::FINGERPRINT_FROM),
            ..WalkOptions::default()
        }
    }
}

/// An image and what cataloging it found.
#[derive(Debug)]
pub struct Cataloged {
    /// The opened image (manifest, configuration, layers).
    pub image: Image,
    /// Its runtime configuration, secrets masked.
    pub config: ConfigSummary,
    /// Its software inventory.
    pub sbom: Sbom,
    /// Whether the SBOM came from the per-image cache.
    pub from_cache: bool,
    /// Secrets found, when the settings asked for them.
    pub secrets: Option<Vec<SecretFinding>>,
    /// What the image checks found, when the settings asked for them.
    pub checks: Option<bosun_checks::Checked>,
}

/// Catalogs the image `reference`. Unreadable package databases are kept
/// in [`Sbom::problems`] and told to `observer` as warnings.
pub fn catalog_image(
    reference: &str,
    settings: &CatalogSettings,
    observer: &dyn Observer,
) -> Result<Cataloged, Error> {
    let image = open_image(reference, &settings.open, observer)?;
    let config = bosun_layers::config_summary(&image);
    let cache = settings.cache_dir.as_deref();
    let platform = settings.open.platform.as_deref();
    // A hit is only returned once the image as given is established whole
    // (every blob present, of its declared size and digest): the cache
    // never vouches for an image nobody could pull.
    let cached = match cache {
        // The per-image cache stores SBOMs, not secrets: a secret scan
        // always walks (the per-layer cache still spares decoding).
        Some(_) if settings.secrets.is_some() || settings.checks.is_some() => None,
        Some(dir) => bosun_catalog::cache::lookup(dir, &image, platform, &settings.catalog)?,
        None => None,
    };
    let from_cache = cached.is_some();
    let mut secrets = None;
    let mut checks = None;
    let sbom = match cached {
        Some(mut sbom) => {
            // The same content may be reached by another reference.
            sbom.image.reference = image.reference.to_string();
            sbom
        }
        None => {
            let source = Source::of(&image);
            let cats = bosun_catalog::catalogers_for(source, &settings.catalog);
            let (mut requests, _) = bosun_catalog::requests(&cats);
            let secret_request = settings.secrets.as_ref().map(|s| {
                requests.push(crate::secrets::request(s));
                requests.len() - 1
            });
            if settings.checks.is_some() {
                requests.extend(bosun_checks::requests());
            }
            let opts = settings.walk_options(source);
            let walk = bosun_layers::walk(&image, &requests, &opts, observer);
            observer.walk_done();
            let walk = walk?;
            if let (Some(s), Some(id)) = (&settings.secrets, secret_request) {
                let layered = source != Source::Directory;
                secrets = Some(crate::secrets::collect(s, &image, &walk, id, layered));
            }
            let sbom = bosun_catalog::catalog_walk(&image, &walk, &settings.catalog);
            if let Some(sel) = settings.checks {
                let ctx = bosun_checks::Context::new(&image, &walk, Some(&sbom));
                checks = Some(bosun_checks::run(&ctx, sel));
            }
            if let Some(dir) = cache
                && let Err(e) = bosun_catalog::cache::store_image(
                    dir,
                    &image,
                    platform,
                    &settings.catalog,
                    &sbom,
                )
            {
                observer.warning(&Warning::CacheWrite {
                    dir: dir.to_owned(),
                    message: e.to_string(),
                });
            }
            sbom
        }
    };
    for p in &sbom.problems {
        observer.warning(&Warning::Problem(p.clone()));
    }
    Ok(Cataloged {
        image,
        config,
        sbom,
        from_cache,
        secrets,
        checks,
    })
}
