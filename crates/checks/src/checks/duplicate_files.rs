//! BSN-EF-0003: identical files that different layers left at different
//! paths of the final filesystem — the same download or build output
//! copied twice — for each group wasting at least 1 MiB.

use bosun_types::Severity;
use bosun_types::check::Efficiency;

use super::{Check, Hit, Run};
use crate::Context;

/// Groups wasting less than this are only counted in the efficiency
/// figures.
const MIN_BYTES: u64 = 1 << 20;

pub(super) const CHECK: Check = Check {
    code: "BSN-EF-0003",
    title: "Identical files from several layers",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
The same content sits at several paths, written by different layers: a
tarball copied in and unpacked next to a copy from another stage, a
dependency vendored twice, a binary copied to two places. Every copy ships.
dive does not see this; bosun compares the content fingerprints (XXH3-128)
of files of 4 KiB or more it takes during the layer walk.

Fix: copy the file once and link to it (ln -s), or COPY --from a builder
stage only what the final image needs.",
    run: Run::Efficiency(run),
};

fn run(_: &Context<'_>, eff: &Efficiency) -> Vec<Hit> {
    eff.duplicates
        .iter()
        .filter(|d| d.wasted_bytes >= MIN_BYTES)
        .map(|d| {
            let copies: Vec<String> = d
                .paths
                .iter()
                .zip(&d.layers)
                .map(|(p, l)| format!("{p} (layer {l})"))
                .collect();
            Hit {
                message: format!(
                    "{} identical copies of {} bytes: {} ({} bytes wasted)",
                    d.paths.len(),
                    d.size_bytes,
                    copies.join(", "),
                    d.wasted_bytes
                ),
                file: d.paths.last().cloned(),
                layer: d.layers.iter().max().copied(),
                step: None,
            }
        })
        .collect()
}
