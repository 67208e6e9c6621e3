//! DL3047: wget without a progress setting.

rule!(Dl3047, "DL3047", Info, "Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).",
what: "`wget` without `--progress`, `-q`, `-nv` or a log file option.",
why: "wget's default progress output floods build logs when downloading large files.",
example: "RUN wget https://example.com/big.tar.gz",
fix: "RUN wget --progress=dot:giga https://example.com/big.tar.gz",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "wget").any(|c| {
            !c.arg_values().any(|a| {
                a.starts_with("--progress") || a == "--quiet" || a == "--no-verbose" || a == "-nv"
                    || a.starts_with("--output-file") || a.starts_with("--append-output")
                    || (a.starts_with('-') && !a.starts_with("--") && a[1..].chars().any(|ch| ch == 'q' || ch == 'o' || ch == 'a'))
            })
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
