//! DL3035: zypper dist-upgrade.

rule!(Dl3035, "DL3035", Warning, "Do not use `zypper dist-upgrade`.",
what: "`zypper dist-upgrade` / `zypper dup` in a RUN.",
why: "A distribution upgrade inside an image build is unpredictable; use a newer base image instead.",
example: "RUN zypper dup -y",
fix: "FROM opensuse/leap:15.6",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.commands.iter().any(|c| crate::rules::util::is_sub(c, "zypper", &["dist-upgrade", "dup"], &[])) {
            out.push(cx.hit(inst));
        }
    }
});
