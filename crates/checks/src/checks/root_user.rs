//! CIS-DI-0001: the image runs as root — `USER` unset or empty, `root`,
//! UID 0 (with any group), or a name the image's `/etc/passwd` maps to
//! UID 0 (Dockle looks at the first two only).

use bosun_types::Severity;
use bosun_types::check::runs_as_root;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0001",
    title: "Create a user for the container",
    severity: Severity::Medium,
    needs_files: false,
    explain: "\
A container that runs as root is root on the host's kernel: a breakout or a
mounted host path is a root compromise, and every file in the image is
writable by the process.

Fix: create an unprivileged user and switch to it, by UID so no /etc/passwd
lookup is needed:
    RUN useradd --uid 10001 --no-create-home app
    USER 10001:10001",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let user = ctx.config.config.user.as_deref().unwrap_or("");
    let users = ctx.sbom.and_then(|s| s.users.as_ref());
    runs_as_root(user, users)
        .map(|why| Hit {
            message: format!("the image {why}"),
            ..Hit::default()
        })
        .into_iter()
        .collect()
}
