//! CIS-DI-0009: `ADD` where `COPY` would do. The first `ADD` of the
//! history is the base image's root filesystem and is exempt, as in
//! Dockle; a step counts when a `&&` segment holds two of `ADD`, `in`,
//! `buildkit` (classic `#(nop) ADD file:… in /` and BuildKit's `ADD … #
//! buildkit`).

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::{Step, count_of};

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0009",
    title: "Use COPY instead of ADD in Dockerfile",
    severity: Severity::High,
    needs_files: false,
    explain: "\
ADD also fetches URLs and unpacks archives: a tarball copied with ADD is
extracted (path traversal and all), and a URL is downloaded without a
checksum. COPY does only what it says.

Fix: use COPY for local files; download with `ADD --checksum=sha256:…` or
curl plus a checksum check in a RUN.",
    run: Run::Config(run),
};

pub(super) fn is_add(step: &Step<'_>) -> bool {
    step.segments
        .iter()
        .any(|seg| count_of(seg, &["ADD", "in", "buildkit"]) >= 2)
}

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    ctx.steps
        .iter()
        .filter(|s| is_add(s))
        .skip(1)
        .map(|s| Hit {
            message: "ADD used where COPY would do".into(),
            step: Some(s.index),
            ..Hit::default()
        })
        .collect()
}
