//! BL1005: the final image has no HEALTHCHECK.

use crate::rules::{Ctx, Hit};

/// A hit at the last `FROM` when no final-chain stage has a HEALTHCHECK.
pub(crate) fn missing_healthcheck(cx: &Ctx<'_>) -> Option<Hit> {
    let last = cx.df.stages.last()?;
    let finals = cx.final_stages();
    let has = cx
        .df
        .instructions
        .iter()
        .any(|i| i.is("healthcheck") && !i.onbuild && finals.contains(&i.stage));
    (!has).then(|| cx.hit(&cx.df.instructions[last.from_instruction]))
}

rule!(Bl1005, "BL1005", Info, "The final image has no HEALTHCHECK.",
what: "Neither the final stage nor the stages it builds on declares a `HEALTHCHECK` (`HEALTHCHECK NONE` counts as a decision). On by default, unlike hadolint's DL3057.",
why: "Without a health check, Docker and orchestrators cannot tell a hung service from a healthy one.",
example: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html",
fix: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1",
|cx, out| {
    out.extend(missing_healthcheck(cx));
});
