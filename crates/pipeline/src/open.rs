//! Opening any image reference as a user types it: local ones directly,
//! registry ones through the blob cache.

use std::path::PathBuf;

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_registry::{BlobCache, Client, ClientOptions, CredentialStore};

use crate::error::Error;
use crate::observe::Observer;

/// How registries are reached.
#[derive(Debug, Clone, Default)]
pub struct RegistrySettings {
    /// Registries (`HOST[:PORT]`) allowed plain HTTP or unverified TLS.
    pub insecure: Vec<String>,
    /// Extra CA certificates (PEM bundle).
    pub ca_file: Option<PathBuf>,
    /// The blob cache root; `None`: [`BlobCache::default_root`].
    pub blob_cache_dir: Option<PathBuf>,
}

impl RegistrySettings {
    /// A client with these settings and the given credential sources.
    pub fn client(&self, credentials: CredentialStore) -> Result<Client, Error> {
        Ok(Client::new(ClientOptions {
            insecure: self.insecure.clone(),
            ca_file: self.ca_file.clone(),
            credentials,
            ..ClientOptions::default()
        })?)
    }

    /// The blob cache.
    pub fn blob_cache(&self) -> Result<BlobCache, Error> {
        let root = self
            .blob_cache_dir
            .clone()
            .unwrap_or_else(BlobCache::default_root);
        BlobCache::open(&root).map_err(|source| Error::BlobCache { path: root, source })
    }
}

/// What opening an image needs besides the reference.
#[derive(Debug, Clone, Default)]
pub struct OpenSettings {
    /// The platform to pick from a multi-platform image (`os/arch[/variant]`).
    pub platform: Option<String>,
    /// How registries are reached.
    pub registry: RegistrySettings,
}

/// Opens `reference` (`oci:`, `oci-archive:`, `docker-archive:`, `dir:`,
/// a path recognised by its content, or a registry reference). A registry
/// image is pulled into the blob cache first; the pull is told to
/// `observer`.
pub fn open_image(
    reference: &str,
    settings: &OpenSettings,
    observer: &dyn Observer,
) -> Result<Image, Error> {
    let r = ImageRef::parse(reference)?;
    let platform = settings
        .platform
        .as_deref()
        .map(str::parse)
        .transpose()
        .map_err(Error::Platform)?;
    let opts = OpenOptions { platform };
    if let ImageRef::Registry(text) = &r {
        let client = settings.registry.client(CredentialStore::from_env())?;
        let cache = settings.registry.blob_cache()?;
        let (image, pulled) = bosun_registry::open_image(&client, &cache, text, &opts)?;
        observer.pulled(
            &pulled.top.digest.to_string(),
            pulled.fetched,
            pulled.bytes,
            pulled.cached,
        );
        return Ok(image);
    }
    Ok(Image::open(&r, &opts)?)
}
