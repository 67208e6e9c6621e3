//! `bosun inspect`: describe an image.

use clap::Args;

use super::Context;
use crate::exit::Status;

/// Arguments of `bosun inspect`.
#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// The image: `oci:DIR[:TAG|@DIGEST]`, `oci-archive:FILE`, `docker-archive:FILE`, `dir:PATH`, or a path.
    image: String,
}

/// Runs `bosun inspect`.
pub(crate) fn run(_ctx: &Context, _args: InspectArgs) -> anyhow::Result<Status> {
    anyhow::bail!("`inspect` is not implemented yet")
}
