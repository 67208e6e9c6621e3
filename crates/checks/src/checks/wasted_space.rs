//! BSN-EF-0002: a file rewritten or deleted by a later layer while its
//! earlier copy still ships — for each such path of at least 1 MiB (dive's
//! "inefficient files"), attributed to the layer that made the copy dead.

use bosun_types::Severity;
use bosun_types::check::Efficiency;

use super::{Check, Hit, Run};
use crate::Context;

/// Paths below this many bytes (all copies) are only counted in the
/// efficiency figures.
const MIN_BYTES: u64 = 1 << 20;

pub(super) const CHECK: Check = Check {
    code: "BSN-EF-0002",
    title: "Wasted space: file rewritten or deleted in a later layer",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
Layers only add: a file changed (even chmod) or deleted by a later RUN still
ships in full in the layer that first wrote it. dive counts every copy of
such a path as wasted.

Fix: create, modify and delete a file in the same RUN (download, unpack,
clean up in one step), COPY --chmod instead of a later chmod, and move build
leftovers into a builder stage.",
    run: Run::Efficiency(run),
};

fn run(_: &Context<'_>, eff: &Efficiency) -> Vec<Hit> {
    eff.inefficient
        .iter()
        .filter(|p| p.cumulative_bytes >= MIN_BYTES)
        .map(|p| {
            let layers: Vec<String> = p.layers.iter().map(ToString::to_string).collect();
            Hit {
                message: format!(
                    "{} is written or deleted in layers {} ({} bytes in all)",
                    p.path,
                    layers.join(", "),
                    p.cumulative_bytes
                ),
                file: Some(p.path.clone()),
                layer: p.layers.last().copied(),
                step: None,
            }
        })
        .collect()
}
