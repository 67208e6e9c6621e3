//! `bosun debug …`: internals exposed for cross-checking.

use clap::Subcommand;

use super::Context;
use crate::exit::Status;

/// Debugging subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum DebugCommand {
    /// Compare two versions under an ecosystem's rules (prints <, = or >).
    Compare {
        /// Ecosystem as OSV names it (Debian, Alpine, PyPI, npm, …).
        ecosystem: String,
        /// First version.
        a: Option<String>,
        /// Second version.
        b: Option<String>,
        /// Read `A B` pairs from stdin, one per line.
        #[arg(long)]
        stdin: bool,
    },
}

/// Runs a debug subcommand.
pub(crate) fn run(_ctx: &Context, cmd: DebugCommand) -> anyhow::Result<Status> {
    match cmd {
        DebugCommand::Compare { .. } => anyhow::bail!("`debug compare` is not implemented yet"),
    }
}
