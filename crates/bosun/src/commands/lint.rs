//! `bosun lint`: Dockerfile linting.

use std::path::PathBuf;

use clap::Args;

use super::Context;
use crate::exit::Status;

/// Arguments of `bosun lint`.
#[derive(Debug, Args)]
pub(crate) struct LintArgs {
    /// Dockerfiles to lint (`-` reads standard input).
    files: Vec<PathBuf>,
}

/// Runs `bosun lint`.
pub(crate) fn run(_ctx: &Context, _args: LintArgs) -> anyhow::Result<Status> {
    anyhow::bail!("`lint` is not implemented yet")
}
