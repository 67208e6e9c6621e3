//! DKL-LI-0002: two accounts with one UID in `/etc/passwd`, or two groups
//! with one GID in `/etc/group`: whatever one may do, the other may too.

use std::collections::BTreeMap;

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-LI-0002",
    title: "Be unique UID/GROUP",
    severity: Severity::High,
    needs_files: true,
    explain: "\
The kernel knows numbers, not names: two accounts with one UID (or groups
with one GID) are the same principal, so an innocuous-looking name can
carry root's rights (a second UID 0 account is a classic backdoor).

Fix: give every account and group its own number; remove accounts the image
does not need.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for (file, what) in [("etc/passwd", "UID"), ("etc/group", "GID")] {
        let Some(bytes) = ctx.files.get(file) else {
            continue;
        };
        let layer = ctx.index.and_then(|i| i.get(file)).map(|f| f.layer);
        let mut by_id: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for line in bytes.split(|&b| b == b'\n').take(100_000) {
            let line = String::from_utf8_lossy(line);
            if line.starts_with('#') || line.starts_with('+') || line.starts_with('-') {
                continue;
            }
            let mut fields = line.trim_end_matches('\r').split(':');
            let (Some(name), Some(_), Some(id)) = (fields.next(), fields.next(), fields.next())
            else {
                continue;
            };
            if let Ok(id) = id.trim().parse::<u64>()
                && !name.is_empty()
            {
                by_id.entry(id).or_default().push(name.to_owned());
            }
        }
        for (id, names) in by_id.into_iter().filter(|(_, n)| n.len() > 1) {
            out.push(Hit {
                message: format!("{what} {id} is shared by {} in /{file}", names.join(", ")),
                file: Some(format!("/{file}")),
                layer,
                step: None,
            });
        }
    }
    out
}
