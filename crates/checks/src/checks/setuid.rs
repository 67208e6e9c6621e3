//! CIS-DI-0008: setuid and setgid files in the final filesystem, one
//! finding per file, each with the layer that made it.

use bosun_layers::EntryKind;
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0008",
    title: "Confirm safety of setuid/setgid files",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
A setuid or setgid executable runs with its owner's or group's rights: any
bug in it is a privilege escalation for whoever runs code in the container.
Most containers need none (su, mount, passwd, newgrp come with the base).

Fix: remove the bits in the last step that installs software:
    RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
or start from a minimal (distroless) base; run with
--security-opt=no-new-privileges.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(index) = ctx.index else {
        return Vec::new();
    };
    index
        .iter()
        .filter(|f| f.kind == EntryKind::File && f.mode & 0o6000 != 0)
        .map(|f| {
            let bits = match (f.mode & 0o4000 != 0, f.mode & 0o2000 != 0) {
                (true, true) => "setuid and setgid",
                (true, false) => "setuid",
                _ => "setgid",
            };
            Hit {
                message: format!("/{} is {bits} (mode {:o}, owner {})", f.path, f.mode, f.uid),
                file: Some(format!("/{}", f.path)),
                layer: Some(f.layer),
                step: None,
            }
        })
        .collect()
}
