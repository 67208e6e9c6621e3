//! BSN-CF-0001: world-writable directories without the sticky bit in the
//! final filesystem: any user can delete or replace others' files there.

use bosun_layers::EntryKind;
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "BSN-CF-0001",
    title: "World-writable directory without the sticky bit",
    severity: Severity::Medium,
    needs_files: true,
    explain: "\
In a world-writable directory without the sticky bit (mode 1000) every user
may delete and replace every file, so an unprivileged process can swap a
script or library another (privileged) process later reads. /tmp is 1777
for this reason.

Fix: make the directory owned by the user that writes it and not world-
writable (chmod 0755, chown app), or add the sticky bit (chmod 1777).",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(index) = ctx.index else {
        return Vec::new();
    };
    index
        .iter()
        .filter(|f| f.kind == EntryKind::Dir && f.mode & 0o002 != 0 && f.mode & 0o1000 == 0)
        .map(|f| Hit {
            message: format!(
                "/{} is world-writable without the sticky bit (mode {:o})",
                f.path, f.mode
            ),
            file: Some(format!("/{}", f.path)),
            layer: Some(f.layer),
            step: None,
        })
        .collect()
}
