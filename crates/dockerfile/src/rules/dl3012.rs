//! DL3012: more than one HEALTHCHECK in a stage.

rule!(Dl3012, "DL3012", Error, "Multiple `HEALTHCHECK` instructions.",
what: "A stage has more than one `HEALTHCHECK`.",
why: "Only the last one takes effect; the others are dead code that misleads readers.",
example: "HEALTHCHECK CMD curl -f http://localhost/\nHEALTHCHECK CMD wget -q http://localhost/",
fix: "HEALTHCHECK CMD curl -f http://localhost/",
|cx, out| {
    let mut seen = std::collections::HashSet::new();
    for inst in cx.df.instructions.iter().filter(|i| i.is("healthcheck") && !i.onbuild) {
        if !seen.insert(inst.stage) {
            out.push(cx.hit(inst));
        }
    }
});
