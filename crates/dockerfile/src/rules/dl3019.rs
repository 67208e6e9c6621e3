//! DL3019: apk add without `--no-cache`.

rule!(Dl3019, "DL3019", Info, "Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages",
what: "`apk add` without `--no-cache` (and no cache mount on /var/cache/apk).",
why: "The package index stays in the layer and makes the image bigger.",
example: "RUN apk add curl=8.11.1-r0",
fix: "RUN apk add --no-cache curl=8.11.1-r0",
|cx, out| {
    for (inst, s) in cx.runs() {
        if crate::rules::Ctx::has_cache_mount(inst, "/var/cache/apk") {
            continue;
        }
        let bad = s.commands.iter().any(|c| crate::rules::util::is_sub(c, "apk", &["add"], &["t", "virtual", "X", "repository"]) && !c.has_flag("no-cache"));
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
