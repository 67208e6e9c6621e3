//! DKL-LI-0001: an account with an empty password field in `/etc/shadow`
//! (or BSD's `/etc/master.passwd`): anyone may log in as it without one.
//! Locked accounts (`!`, `*`) are fine.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-LI-0001",
    title: "Avoid empty password",
    severity: Severity::High,
    needs_files: true,
    explain: "\
An empty password field lets `su` and any PAM login accept the account with
no password at all: one exec into the container becomes that user, root
included when it is root's.

Fix: lock the account (`passwd -l NAME`, or `usermod -p '*' NAME`), or
delete it.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for file in ["etc/shadow", "etc/master.passwd"] {
        let Some(bytes) = ctx.files.get(file) else {
            continue;
        };
        let layer = ctx.index.and_then(|i| i.get(file)).map(|f| f.layer);
        for line in bytes.split(|&b| b == b'\n').take(100_000) {
            let line = String::from_utf8_lossy(line);
            let line = line.trim_end_matches('\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split(':');
            if let (Some(name), Some("")) = (fields.next(), fields.next())
                && !name.is_empty()
            {
                out.push(Hit {
                    message: format!("account {name} has an empty password in /{file}"),
                    file: Some(format!("/{file}")),
                    layer,
                    step: None,
                });
            }
        }
    }
    out
}
