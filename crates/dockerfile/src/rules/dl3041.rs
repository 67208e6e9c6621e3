//! DL3041: unpinned dnf packages.

use super::dl3038::is_dnf;

rule!(Dl3041, "DL3041", Warning, "Specify version with `dnf install -y <package>-<version>`.",
what: "`dnf install` of a package without `-version` (or a module without `:stream`).",
why: "Unpinned packages change between builds.",
example: "RUN dnf install -y httpd && dnf clean all",
fix: "RUN dnf install -y httpd-2.4.62 && dnf clean all",
|cx, out| {
    for (inst, s) in cx.runs() {
        let idx = cx.index_of(inst);
        let bad = s.commands.iter().filter(|c| is_dnf(&c.name)).any(|c| {
            let pos = c.positional(&[]);
            match pos.as_slice() {
                ["module", "install", pkgs @ ..] => pkgs.iter().any(|p| !p.contains(':')),
                ["install" | "in", pkgs @ ..] => pkgs.iter().any(|p| !crate::rules::util::rpm_versioned(&cx.expand(idx, p))),
                _ => false,
            }
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
