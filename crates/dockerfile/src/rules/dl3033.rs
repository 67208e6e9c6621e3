//! DL3033: unpinned yum packages.

rule!(Dl3033, "DL3033", Warning, "Specify version with `yum install -y <package>-<version>`.",
what: "`yum install` of a package without `-version` (or a module without `:stream`).",
why: "Unpinned packages change between builds.",
example: "RUN yum install -y httpd && yum clean all",
fix: "RUN yum install -y httpd-2.4.62 && yum clean all",
|cx, out| {
    for (inst, s) in cx.runs() {
        let idx = cx.index_of(inst);
        let bad = s.commands.iter().filter(|c| c.name == "yum").any(|c| {
            let pos = c.positional(&[]);
            match pos.as_slice() {
                ["module", "install", pkgs @ ..] => pkgs.iter().any(|p| !p.contains(':')),
                ["install", pkgs @ ..] => pkgs.iter().any(|p| !crate::rules::util::rpm_versioned(&cx.expand(idx, p))),
                _ => false,
            }
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
