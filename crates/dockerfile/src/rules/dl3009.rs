//! DL3009: apt lists left in the image.

rule!(Dl3009, "DL3009", Info, "Delete the apt-get lists after installing something.",
what: "A `RUN` in the final image runs `apt-get update` but does not remove `/var/lib/apt/lists`.",
why: "The package lists add tens of megabytes to the layer and go stale immediately.",
example: "RUN apt-get update && apt-get install -y curl",
fix: "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
|cx, out| {
    let finals = cx.final_stages();
    for (inst, s) in cx.runs() {
        if !inst.onbuild && !finals.contains(&inst.stage) {
            continue;
        }
        let update = s.commands.iter().any(|c| {
            matches!(c.name.as_str(), "apt-get" | "apt" | "aptitude") && c.has_arg("update")
        });
        // `apt-get dist-clean` (apt 2.7+) removes the lists too.
        let dist_clean = s
            .commands
            .iter()
            .any(|c| c.name == "apt-get" && c.has_arg("dist-clean"));
        if !update || dist_clean || crate::rules::util::removes(s, "/var/lib/apt/lists") {
            continue;
        }
        let lists = crate::rules::Ctx::has_cache_mount(inst, "/var/lib/apt/lists");
        let both = crate::rules::Ctx::has_cache_mount(inst, "/var/lib/apt")
            && crate::rules::Ctx::has_cache_mount(inst, "/var/cache/apt");
        if !(lists || both) {
            out.push(cx.hit(inst));
        }
    }
});
