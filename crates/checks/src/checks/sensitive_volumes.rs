//! DKL-DI-0002: a `VOLUME` at `/sys`, `/dev` or `/proc`.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0002",
    title: "Avoid sensitive directory mounting",
    severity: Severity::High,
    needs_files: false,
    explain: "\
A volume over /sys, /dev or /proc invites mounting the host's: the container
can then reconfigure the kernel, reach devices, or read other processes'
memory and environment.

Fix: remove the VOLUME instruction; mount only application data paths.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    ctx.config
        .config
        .volumes
        .iter()
        .flatten()
        .filter(|(v, _)| matches!(v.trim_end_matches('/'), "/sys" | "/dev" | "/proc"))
        .map(|(v, _)| Hit {
            message: format!("VOLUME {v} exposes a kernel interface"),
            ..Hit::default()
        })
        .collect()
}
