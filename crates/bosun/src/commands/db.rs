//! `bosun db …`: the local vulnerability database.

use clap::Subcommand;

use super::Context;
use crate::exit::Status;

/// Database subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Print the database's sources, update times and record counts.
    Status,
}

/// Runs a database subcommand.
pub(crate) fn run(_ctx: &Context, cmd: DbCommand) -> anyhow::Result<Status> {
    match cmd {
        DbCommand::Status => anyhow::bail!("`db status` is not implemented yet"),
    }
}
