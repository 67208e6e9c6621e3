//! DL3014: apt-get install without `-y`.

rule!(Dl3014, "DL3014", Warning, "Use the `-y` switch to avoid manual input `apt-get -y install <package>`",
what: "`apt-get install` without `-y`, `--yes`, `--assume-yes` or `-qq`.",
why: "Without it apt-get waits for a confirmation no one can give and the build fails or hangs.",
example: "RUN apt-get install curl",
fix: "RUN apt-get install -y curl",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "apt-get" && c.has_arg("install")).any(|c| {
            let f = c.flags();
            let yes = f.iter().any(|x| x == "y" || x == "yes" || x == "assume-yes");
            let q = f.iter().filter(|x| *x == "q" || *x == "quiet").count();
            let q2 = c.arg_values().any(|a| a == "-q=2" || a == "--quiet=2");
            !(yes || q >= 2 || q2)
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
