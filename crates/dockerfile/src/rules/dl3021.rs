//! DL3021: COPY of several sources to a non-directory.

rule!(Dl3021, "DL3021", Error, "COPY with more than 2 arguments requires the last argument to end with /",
what: "`COPY` with several sources whose destination does not end with `/`.",
why: "BuildKit refuses to copy several files onto one file path.",
example: "COPY a.txt b.txt /data",
fix: "COPY a.txt b.txt /data/",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("copy")) {
        let args: Vec<&String> = inst.args().iter().filter(|a| !a.starts_with("<<")).collect();
        if args.len() > 2 && !args.last().is_some_and(|d| d.trim_matches(['"', '\'']).ends_with('/')) {
            out.push(cx.hit(inst));
        }
    }
});
