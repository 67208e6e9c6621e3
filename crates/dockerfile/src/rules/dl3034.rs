//! DL3034: zypper without a non-interactive switch.

pub(crate) const SUBS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
];

rule!(Dl3034, "DL3034", Warning, "Non-interactive switch missing from `zypper` command: `zypper install -y`",
what: "`zypper install` (or remove, patch…) without `-y`, `-n`, `--non-interactive` or `--no-confirm`.",
why: "zypper waits for a confirmation no one can give.",
example: "RUN zypper install nginx=1.26.2",
fix: "RUN zypper install -y nginx=1.26.2",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().any(|c| {
            crate::rules::util::is_sub(c, "zypper", SUBS, &[])
                && !["y", "n", "non-interactive", "no-confirm"].iter().any(|f| c.has_flag(f))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
