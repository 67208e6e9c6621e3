//! DKL-DI-0003: `apt-get dist-upgrade` in a step.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::count_of;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0003",
    title: "Avoid \"apt-get dist-upgrade\"",
    severity: Severity::Medium,
    needs_files: false,
    explain: "\
dist-upgrade may install or remove packages to satisfy new dependencies,
changing the base image's contents behind the Dockerfile's back (a kernel or
init system in a container image is only weight).

Fix: rebuild on an updated base image, or `apt-get upgrade` the packages you
need; pin what you install.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    super::steps_where(
        ctx,
        |seg| count_of(seg, &["apt-get", "apt", "dist-upgrade"]) >= 2,
        "apt dist-upgrade in the build",
    )
}
