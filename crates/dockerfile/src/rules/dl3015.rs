//! DL3015: apt-get install without `--no-install-recommends`.

rule!(Dl3015, "DL3015", Info, "Avoid additional packages by specifying `--no-install-recommends`",
what: "`apt-get install` without `--no-install-recommends`.",
why: "Recommended packages are rarely needed in a container and add size and attack surface.",
example: "RUN apt-get install -y curl",
fix: "RUN apt-get install -y --no-install-recommends curl",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "apt-get" && c.has_arg("install")).any(|c| {
            !c.has_flag("no-install-recommends") && !c.arg_values().any(|a| a.contains("APT::Install-Recommends=false"))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
