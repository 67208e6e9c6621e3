//! The check registry: one file per check, one line in [`CHECKS`].
//!
//! Codes are Dockle's where the check means what Dockle's does (users
//! know them, and Dockle's own cases test them), bosun's `BSN-CF-nnnn`
//! (configuration) and `BSN-EF-nnnn` (efficiency) otherwise. A code never
//! changes meaning; a retired check keeps its code unused. Severities map
//! Dockle's levels: FATAL → HIGH, WARN → MEDIUM, INFO → LOW.

mod add_instead_of_copy;
mod apk_no_cache;
mod apt_lists_left;
mod apt_update_alone;
mod build_tools;
mod credentials;
mod dist_upgrade;
mod duplicate_files;
mod duplicate_ids;
mod empty_password;
mod healthcheck;
mod latest_tag;
mod package_caches;
mod remote_add;
mod root_user;
mod sensitive_ports;
mod sensitive_volumes;
mod setuid;
mod sudo_in_history;
mod sudo_installed;
mod unnecessary_files;
mod wasted_space;
mod world_writable;

use bosun_types::Severity;
use bosun_types::check::Efficiency;

use crate::Context;

/// One thing a check found.
#[derive(Debug, Clone, Default)]
pub struct Hit {
    /// What was found (secrets masked).
    pub message: String,
    /// The file, when the finding is about one (`/usr/bin/sudo`).
    pub file: Option<String>,
    /// The layer that made the file.
    pub layer: Option<usize>,
    /// The history step that caused it.
    pub step: Option<usize>,
}

/// One hit per history step with a `&&` segment for which `matches` holds.
pub(crate) fn steps_where(
    ctx: &Context<'_>,
    matches: impl Fn(&[&str]) -> bool,
    message: &str,
) -> Vec<Hit> {
    ctx.steps
        .iter()
        .filter(|s| s.segments.iter().any(|seg| matches(seg)))
        .map(|s| Hit {
            message: message.to_owned(),
            step: Some(s.index),
            ..Hit::default()
        })
        .collect()
}

/// How a check runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// A configuration check (`--scanners config`).
    Config(fn(&Context<'_>) -> Vec<Hit>),
    /// An efficiency check over the measures (`--scanners efficiency`).
    Efficiency(fn(&Context<'_>, &Efficiency) -> Vec<Hit>),
}

/// A check.
pub struct Check {
    /// The stable code (`CIS-DI-0001`).
    pub code: &'static str,
    /// The title.
    pub title: &'static str,
    /// The severity of its findings.
    pub severity: Severity,
    /// Whether it reads the filesystem (and so needs the complete index).
    pub needs_files: bool,
    /// Why it matters and how to fix it (`bosun scan --explain CODE`).
    pub explain: &'static str,
    /// The check itself.
    pub run: Run,
}

impl Check {
    /// `config` or `efficiency`: the scanner that runs the check.
    pub fn scanner(&self) -> &'static str {
        match self.run {
            Run::Config(_) => "config",
            Run::Efficiency(_) => "efficiency",
        }
    }
}

/// Every check, in code order.
pub static CHECKS: &[Check] = &[
    root_user::CHECK,
    healthcheck::CHECK,
    apt_update_alone::CHECK,
    setuid::CHECK,
    add_instead_of_copy::CHECK,
    credentials::CHECK,
    sudo_in_history::CHECK,
    sensitive_volumes::CHECK,
    dist_upgrade::CHECK,
    apk_no_cache::CHECK,
    apt_lists_left::CHECK,
    latest_tag::CHECK,
    empty_password::CHECK,
    duplicate_ids::CHECK,
    unnecessary_files::CHECK,
    world_writable::CHECK,
    sudo_installed::CHECK,
    package_caches::CHECK,
    sensitive_ports::CHECK,
    remote_add::CHECK,
    build_tools::CHECK,
    wasted_space::CHECK,
    duplicate_files::CHECK,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_explained() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.code), "duplicate code {}", c.code);
            assert!(c.explain.len() > 80, "{} needs an explanation", c.code);
            assert!(c.explain.contains("Fix:"), "{} says how to fix", c.code);
        }
    }
}
