//! CIS-DI-0007: `apt-get update` (or `apt update`) with no install or
//! upgrade after it in the same step: a later step installs from a stale
//! cached index, because the layer with the update is reused.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::count_of;

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0007",
    title: "Do not use update instructions alone in the Dockerfile",
    severity: Severity::High,
    needs_files: false,
    explain: "\
A RUN that only updates the package index is cached as its own layer: a later
rebuild reuses the old index and installs outdated packages (or fails when
the mirror has dropped them).

Fix: update and install in the same RUN:
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for step in &ctx.steps {
        if update_alone(&step.segments) {
            out.push(Hit {
                message: "apt update without an install or upgrade after it in the same step"
                    .into(),
                step: Some(step.index),
                ..Hit::default()
            });
        }
    }
    out
}

/// Whether some update has no install or upgrade after it.
pub(super) fn update_alone(segments: &[Vec<&str>]) -> bool {
    let mut pending = false;
    for seg in segments {
        let apt = count_of(seg, &["apt-get", "apt"]) > 0;
        if apt && seg.contains(&"update") {
            pending = true;
        } else if apt && count_of(seg, &["install", "upgrade"]) > 0 {
            pending = false;
        }
    }
    pending
}
