//! `bosun debug …`: internals exposed for cross-checking.

use std::io::{BufRead, Write};

use anyhow::Context as _;
use bosun_version::{Scheme, compare};
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
pub(crate) fn run(ctx: &Context, cmd: DebugCommand) -> anyhow::Result<Status> {
    match cmd {
        DebugCommand::Compare {
            ecosystem,
            a,
            b,
            stdin,
        } => {
            let scheme = Scheme::for_ecosystem(&ecosystem);
            if !scheme.is_exact() && !ctx.quiet {
                #[allow(clippy::print_stderr)]
                {
                    eprintln!(
                        "bosun: note: no version rules known for {ecosystem:?}; answers are a guess"
                    );
                }
            }
            match (stdin, a, b) {
                (false, Some(a), Some(b)) => {
                    let symbol = symbol(compare(scheme, &a, &b)?);
                    let mut out = std::io::stdout().lock();
                    writeln!(out, "{symbol}").context("writing the answer")?;
                    Ok(Status::Success)
                }
                (true, None, None) => compare_lines(scheme),
                (true, ..) => anyhow::bail!("give either A and B or --stdin, not both"),
                _ => anyhow::bail!("give two versions A and B, or --stdin"),
            }
        }
    }
}

fn symbol(order: std::cmp::Ordering) -> &'static str {
    match order {
        std::cmp::Ordering::Less => "<",
        std::cmp::Ordering::Equal => "=",
        std::cmp::Ordering::Greater => ">",
    }
}

/// One answer per input line, so the output lines up with the input; a
/// line that cannot be compared gets `error: …` and the exit status is 2.
fn compare_lines(scheme: Scheme) -> anyhow::Result<Status> {
    let stdin = std::io::stdin().lock();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut status = Status::Success;
    for line in stdin.lines() {
        let line = line.context("reading stdin")?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        let answer = match fields.as_slice() {
            [a, b] => compare(scheme, a, b).map(symbol).map_err(|e| e.to_string()),
            _ => Err(format!("expected two versions, got {:?}", line)),
        };
        match answer {
            Ok(symbol) => writeln!(out, "{symbol}"),
            Err(message) => {
                status = Status::Error;
                writeln!(out, "error: {message}")
            }
        }
        .context("writing answers")?;
    }
    out.flush().context("writing answers")?;
    Ok(status)
}
