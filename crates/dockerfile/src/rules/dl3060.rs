//! DL3060: yarn cache left in the image.

rule!(Dl3060, "DL3060", Info, "`yarn cache clean` missing after `yarn install` was run.",
what: "A `RUN` in the final image runs `yarn install` without a later `yarn cache clean`.",
why: "yarn's cache stays in the layer.",
example: "RUN yarn install --frozen-lockfile",
fix: "RUN yarn install --frozen-lockfile && yarn cache clean",
|cx, out| {
    let finals = cx.final_stages();
    for (inst, s) in cx.runs() {
        if (!inst.onbuild && !finals.contains(&inst.stage))
            || ["/root/.cache/yarn", "/usr/local/share/.cache/yarn"].iter().any(|t| crate::rules::Ctx::has_cache_mount(inst, t))
        {
            continue;
        }
        let r = crate::rules::util::cleaned_after(
            s,
            |c| c.name == "yarn" && c.has_arg("install"),
            |c| c.name == "yarn" && c.has_arg("cache") && c.has_arg("clean"),
        );
        if r == Some(false) {
            out.push(cx.hit(inst));
        }
    }
});
