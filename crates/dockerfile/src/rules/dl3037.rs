//! DL3037: unpinned zypper packages.

rule!(Dl3037, "DL3037", Warning, "Specify version with `zypper install -y <package>=<version>`.",
what: "`zypper install` of a package without `=version` (or `>=`, `<`…).",
why: "Unpinned packages change between builds.",
example: "RUN zypper install -y nginx && zypper clean",
fix: "RUN zypper install -y nginx=1.26.2 && zypper clean",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "zypper").any(|c| {
            crate::rules::util::packages(c, &["install", "in"], &[])
                .is_some_and(|p| p.iter().any(|p| !(p.contains(['=', '<', '>']) || p.ends_with(".rpm"))))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
