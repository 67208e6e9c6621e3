//! DKL-DI-0001: `sudo` used in a build step.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0001",
    title: "Avoid sudo command",
    severity: Severity::High,
    needs_files: false,
    explain: "\
sudo in a Dockerfile means the build switched to an unprivileged user and
back; sudo's TTY and signal handling are unpredictable in containers, and an
image that needs it at run time lets its user become root.

Fix: run privileged steps before `USER`, or use gosu/su-exec in an
entrypoint that drops privileges.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    super::steps_where(
        ctx,
        |seg| seg.contains(&"sudo"),
        "sudo used in a build step",
    )
}
