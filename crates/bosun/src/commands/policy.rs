//! `bosun policy`: check a policy file, print the policy JSON Schema, and
//! explain a rule kind.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::Subcommand;

use super::Context;
use crate::exit::Status;

/// `bosun policy …`
#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Check a policy file: every error, with its line and column.
    Check {
        /// The policy file.
        file: PathBuf,
    },
    /// Print the JSON Schema of policy files (bosun.policy/v1).
    Schema,
    /// Explain a rule kind and its parameters (no KIND: list the kinds).
    Explain {
        /// The rule kind (vulnerabilities, packages, config, …).
        kind: Option<String>,
    },
}

/// Runs `bosun policy …`.
pub(crate) fn run(_ctx: &Context, cmd: PolicyCommand) -> anyhow::Result<Status> {
    let mut out = std::io::stdout().lock();
    match cmd {
        PolicyCommand::Check { file } => {
            let p = bosun_policy::PolicyFile::load(&file)?;
            let rules: usize = p.policies.values().map(|p| p.rules.len()).sum();
            writeln!(
                out,
                "{}: valid ({} policies, {rules} rules, {} mappings)",
                file.display(),
                p.policies.len(),
                p.mappings.len()
            )?;
        }
        PolicyCommand::Schema => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&bosun_policy::schema())?
            )?;
        }
        PolicyCommand::Explain { kind: None } => {
            for k in bosun_policy::KINDS {
                writeln!(out, "{:<16} {}", k.name, k.summary)?;
            }
        }
        PolicyCommand::Explain { kind: Some(name) } => match bosun_policy::rules::kind(&name) {
            Some(k) => write!(out, "{}: {}\n\n{}", k.name, k.summary, k.explain)?,
            None => bail!(
                "no rule kind is named {name:?} (one of: {})",
                bosun_policy::KINDS
                    .iter()
                    .map(|k| k.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
    Ok(Status::Success)
}
