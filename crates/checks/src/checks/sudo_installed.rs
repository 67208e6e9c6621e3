//! BSN-CF-0002: `sudo` (or `doas`) is installed in the final filesystem.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "BSN-CF-0002",
    title: "sudo is installed",
    severity: Severity::Medium,
    needs_files: true,
    explain: "\
sudo in a runtime image is a ready-made path from the application user to
root: a misconfigured sudoers line, or a sudo vulnerability
(CVE-2021-3156), is all an attacker needs.

Fix: do not install sudo; do privileged setup at build time before USER,
and drop privileges in the entrypoint with gosu or su-exec when needed.",
    run: Run::Config(run),
};

const PATHS: [&str; 6] = [
    "usr/bin/sudo",
    "bin/sudo",
    "usr/sbin/sudo",
    "usr/local/bin/sudo",
    "usr/bin/doas",
    "usr/local/bin/doas",
];

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(index) = ctx.index else {
        return Vec::new();
    };
    PATHS
        .iter()
        .filter_map(|p| index.get(p))
        .map(|f| Hit {
            message: format!("/{} is installed", f.path),
            file: Some(format!("/{}", f.path)),
            layer: Some(f.layer),
            step: None,
        })
        .collect()
}
