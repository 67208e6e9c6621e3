//! DL3036: zypper cache left in the image.

rule!(Dl3036, "DL3036", Warning, "`zypper clean` missing after zypper use.",
what: "`zypper install` without a later `zypper clean` in the same RUN.",
why: "The zypper cache stays in the layer.",
example: "RUN zypper install -y nginx=1.26.2",
fix: "RUN zypper install -y nginx=1.26.2 && zypper clean",
|cx, out| {
    if cx.df.instructions.is_empty() {
        return;
    }
    for (inst, s) in cx.runs() {
        let r = crate::rules::util::cleaned_after(
            s,
            |c| crate::rules::util::is_sub(c, "zypper", &["install", "in"], &[]),
            |c| c.name == "zypper" && (c.has_arg("clean") || c.has_arg("cc")),
        );
        if r == Some(false) && !crate::rules::Ctx::has_cache_mount(inst, "/var/cache/zypp") {
            out.push(cx.hit(inst));
        }
    }
});
