//! DKL-DI-0005: a step runs `apt-get update` or `install` and does not
//! remove `/var/lib/apt/lists` (or run `apt-get dist-clean`) after it, so
//! the package index (tens of MB) stays in the layer.
//!
//! Dockle reads only the history text. A history line does not always say
//! everything the step ran (builders that record a summary, `RUN` lines
//! calling a script), so where bosun has the step's layer it also asks the
//! layer: a step whose layer wrote no package list is not reported.

use bosun_layers::{EntryKind, LayerIndex, Op};
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::count_of;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0005",
    title: "Clear apt-get caches",
    severity: Severity::High,
    needs_files: false,
    explain: "\
apt's package lists are downloaded into /var/lib/apt/lists by `apt-get
update`; unless the same RUN deletes them they are stored in the layer
forever (a later RUN that deletes them only hides them).

Fix: end the RUN that installs with the clean-up:
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    ctx.steps
        .iter()
        .filter(|s| lists_left(&s.segments))
        .filter(|s| match (ctx.index, ctx.layer_of_step(s.index)) {
            (Some(index), Some(layer)) => wrote_lists(index, layer),
            _ => true,
        })
        .map(|s| Hit {
            message: "apt-get update/install without removing /var/lib/apt/lists in the same step"
                .into(),
            step: Some(s.index),
            ..Hit::default()
        })
        .collect()
}

const RM: [&str; 8] = [
    "rm",
    "-rf",
    "-fr",
    "-r",
    "-fR",
    "/var/lib/apt/lists",
    "/var/lib/apt/lists/*",
    "/var/lib/apt/lists/*;",
];

/// Whether the layer wrote a package list (apt's `lock` and empty files
/// stay in a clean image).
fn wrote_lists(index: &LayerIndex, layer: usize) -> bool {
    index.layer_iter(layer).any(|e| {
        e.op == Op::Write
            && e.kind == EntryKind::File
            && e.size > 0
            && e.path.starts_with("var/lib/apt/lists/")
            && !e.path.ends_with("/lock")
    })
}

/// Whether an update or install is not followed by the clean-up.
pub(super) fn lists_left(segments: &[Vec<&str>]) -> bool {
    let mut pending = false;
    for seg in segments {
        let apt = count_of(seg, &["apt-get", "apt"]) > 0;
        if apt && count_of(seg, &["update", "install"]) > 0 {
            pending = true;
        }
        let cleans =
            count_of(seg, &RM) >= 3 || (apt && count_of(seg, &["dist-clean", "distclean"]) > 0);
        if cleans {
            pending = false;
        }
    }
    pending
}
