//! CIS-DI-0006: no `HEALTHCHECK`. `HEALTHCHECK NONE` (Docker's `["NONE"]`)
//! counts as none: it switches off the base image's check.

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0006",
    title: "Add HEALTHCHECK instruction to the container image",
    severity: Severity::Low,
    needs_files: false,
    explain: "\
Without a health check the engine only knows whether the process is alive,
not whether it serves: a hung server keeps receiving traffic. (Kubernetes
ignores HEALTHCHECK and uses its own probes; there this is informational.)

Fix: add a HEALTHCHECK that exercises the service, for example
    HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/healthcheck\"]",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let test = ctx
        .config
        .config
        .healthcheck
        .as_ref()
        .and_then(|h| h.test.as_deref())
        .unwrap_or_default();
    let message = match test.first().map(String::as_str) {
        None => "no HEALTHCHECK is set",
        Some("NONE") => "HEALTHCHECK NONE switches the health check off",
        Some(_) => return Vec::new(),
    };
    vec![Hit {
        message: message.to_owned(),
        ..Hit::default()
    }]
}
