//! DKL-LI-0003: files a runtime image has no use for and that often leak
//! more than their size (`.git` histories, cloud CLI credentials,
//! editor settings, the Dockerfile itself).

use bosun_layers::EntryKind;
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-LI-0003",
    title: "Only put necessary files",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
Build context leftovers — a .git directory (the whole history, including
deleted secrets), .aws/.azure/.gcp credentials, IDE settings, the Dockerfile
and compose files — make the image bigger and tell an attacker how it was
made.

Fix: list them in .dockerignore, and COPY only what the application needs
(or build in one stage and COPY --from the artefact).",
    run: Run::Config(run),
};

const FILES: [&str; 4] = ["Dockerfile", "docker-compose.yml", ".vimrc", ".DS_Store"];
const DIRS: [&str; 8] = [
    ".cache", ".aws", ".azure", ".gcp", ".git", ".vscode", ".idea", ".npm",
];

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let Some(index) = ctx.index else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for f in index.iter() {
        if f.path.contains("node_modules/") || f.path.contains("vendor/") {
            continue;
        }
        let name = f.path.rsplit('/').next().unwrap_or(f.path);
        let hit = match f.kind {
            EntryKind::Dir => DIRS.contains(&name),
            EntryKind::File => FILES.contains(&name),
            _ => false,
        };
        if hit {
            out.push(Hit {
                message: format!("/{} is not needed at run time", f.path),
                file: Some(format!("/{}", f.path)),
                layer: Some(f.layer),
                step: None,
            });
        }
    }
    out
}
