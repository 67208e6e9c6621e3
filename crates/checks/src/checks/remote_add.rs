//! BSN-CF-0005: `ADD` of a remote URL in the history: downloaded at build
//! time without a checksum (unless `--checksum` was given).

use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::words;

pub(super) const CHECK: Check = Check {
    code: "BSN-CF-0005",
    title: "Do not ADD remote URLs",
    severity: Severity::Medium,
    needs_files: false,
    explain: "\
`ADD https://…` downloads at build time with no integrity check: whoever
controls the server (or the network) controls what goes into the image, and
rebuilds are not reproducible.

Fix: `ADD --checksum=sha256:<digest> https://… /dst`, or download in a RUN
and verify the checksum before use.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    for s in &ctx.steps {
        let w = words(s.created_by);
        let Some(add) = w.iter().position(|x| x == "ADD") else {
            continue;
        };
        let args = w.get(add + 1..).unwrap_or_default();
        if args.iter().any(|a| a.starts_with("--checksum")) {
            continue;
        }
        if let Some(url) = args
            .iter()
            .find(|a| a.starts_with("http://") || a.starts_with("https://"))
        {
            out.push(Hit {
                message: format!(
                    "ADD downloads {} without a checksum",
                    bosun_types::mask::mask_url_credentials(url)
                ),
                step: Some(s.index),
                ..Hit::default()
            });
        }
    }
    out
}
