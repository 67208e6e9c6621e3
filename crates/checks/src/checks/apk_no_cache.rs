//! DKL-DI-0004: `apk add` without `--no-cache` leaves the index in
//! `/var/cache/apk`.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::has_all;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0004",
    title: "Use \"apk add\" with --no-cache",
    severity: Severity::High,
    needs_files: false,
    explain: "\
`apk add` without --no-cache downloads the package index into /var/cache/apk
and leaves it in the layer.

Fix: RUN apk add --no-cache curl",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    super::steps_where(
        ctx,
        |seg| has_all(seg, &["apk", "add"]) && !seg.contains(&"--no-cache"),
        "apk add without --no-cache",
    )
}
