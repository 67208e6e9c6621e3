//! DL3008: unpinned apt-get packages.

rule!(Dl3008, "DL3008", Warning, "Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>`",
what: "`apt-get install` of a package without `=version`.",
why: "Unpinned packages change between builds; a rebuild may pull a broken or vulnerable version without any change to the Dockerfile.",
example: "RUN apt-get install -y --no-install-recommends curl",
fix: "RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "apt-get" && c.has_arg("install")).any(|c| {
            c.positional(&["t", "target-release"]).iter().filter(|a| **a != "install").any(|p| {
                !(p.contains('=') || p.ends_with(".deb") || p.contains('/'))
            })
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
