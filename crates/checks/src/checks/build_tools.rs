//! BSN-EF-0001: compilers and build tools left in the final filesystem
//! (executables by name in a `bin` directory, gcc's `cc1`, and packages:
//! build-essential, build-base, compilers, `-dev`/`-devel` packages).
//! Development packages are reported together, one finding.

use bosun_types::Severity;
use bosun_types::check::Efficiency;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "BSN-EF-0001",
    title: "Build tools left in the image",
    severity: Severity::Low,
    needs_files: true,
    explain: "\
Compilers, make and development headers are needed to build, not to run:
in the final image they add size and give an attacker who gets a shell the
means to build exploits on the spot.

Fix: use a multi-stage build — compile in a builder stage and COPY --from it
only the artefacts into a slim or distroless runtime stage:
    FROM golang:1.23 AS build
    RUN go build -o /app ./cmd/app
    FROM gcr.io/distroless/static
    COPY --from=build /app /app",
    run: Run::Efficiency(run),
};

fn run(_: &Context<'_>, eff: &Efficiency) -> Vec<Hit> {
    let mut out = Vec::new();
    let (dev, tools): (Vec<_>, Vec<_>) = eff.build_tools.iter().partition(|t| {
        t.evidence.starts_with("package:")
            && (t.name.ends_with("-dev") || t.name.ends_with("-devel"))
    });
    for t in tools {
        let file = (!t.evidence.starts_with("package:")).then(|| t.evidence.clone());
        out.push(Hit {
            message: format!(
                "{} is in the final image ({}): build in a separate stage",
                t.name, t.evidence
            ),
            file,
            layer: t.layer,
            step: None,
        });
    }
    if !dev.is_empty() {
        let names: Vec<&str> = dev.iter().take(10).map(|t| t.name.as_str()).collect();
        let more = dev.len().saturating_sub(names.len());
        out.push(Hit {
            message: format!(
                "{} development packages are installed ({}{}): build in a separate stage",
                dev.len(),
                names.join(", "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
            file: None,
            layer: dev.iter().filter_map(|t| t.layer).max(),
            step: None,
        });
    }
    out
}
