//! DL3040: dnf cache left in the image.

use super::dl3038::is_dnf;

const SUBS: &[&str] = &[
    "install",
    "in",
    "upgrade",
    "up",
    "update",
    "upgrade-minimal",
    "up-min",
    "reinstall",
    "rei",
    "groupinstall",
    "localinstall",
];

rule!(Dl3040, "DL3040", Warning, "`dnf clean all` missing after dnf command.",
what: "`dnf install` (or upgrade, reinstall) without a later `dnf clean all` in the same RUN.",
why: "The dnf cache stays in the layer.",
example: "RUN dnf install -y httpd-2.4.62",
fix: "RUN dnf install -y httpd-2.4.62 && dnf clean all",
|cx, out| {
    for (inst, s) in cx.runs() {
        // The cache must be cleaned by the same tool that filled it.
        let mut installs = s.commands.iter().enumerate().filter(|(_, c)| is_dnf(&c.name) && SUBS.iter().any(|sub| c.has_arg(sub)));
        let r = installs.next_back().map(|(i, inst_cmd)| {
            s.commands[i + 1..].iter().any(|c| {
                (c.name == inst_cmd.name && c.has_arg("clean") && c.has_arg("all"))
                    || (c.name == "rm" && c.arg_values().any(|a| a.starts_with("/var/cache/yum") || a.starts_with("/var/cache/dnf")))
            })
        });
        let mounted = ["/var/cache/libdnf5", "/var/cache/dnf", "/var/cache/yum"].iter().any(|t| crate::rules::Ctx::has_cache_mount(inst, t));
        if r == Some(false) && !mounted {
            out.push(cx.hit(inst));
        }
    }
});
