//! Opening a registry image: pull into the cache, then open it from there
//! like any content-addressed store.

use bosun_image::{Image, ImageRef, OpenOptions};

use crate::cache::BlobCache;
use crate::client::Client;
use crate::error::Result;
use crate::pull::{PullOptions, Pulled};
use crate::reference::Reference;

/// Pulls `reference` (the text after `registry:`, or a bare reference) into
/// the cache and opens it, selecting `opts.platform` from an index.
pub fn open_image(
    client: &Client,
    cache: &BlobCache,
    reference: &str,
    opts: &OpenOptions,
) -> Result<(Image, Pulled)> {
    let r = Reference::parse(reference)?;
    let pulled = client.pull(
        &r,
        cache,
        &PullOptions {
            platform: opts.platform.clone(),
            ..PullOptions::default()
        },
    )?;
    let image = Image::open_blobs(
        ImageRef::Registry(reference.to_owned()),
        cache.root(),
        &pulled.top.digest,
        opts,
    )?;
    Ok((image, pulled))
}
