//! DL3000: relative WORKDIR.

rule!(Dl3000, "DL3000", Error, "Use absolute WORKDIR.",
what: "A `WORKDIR` whose path is relative.",
why: "A relative WORKDIR depends on the previous one, which may come from a base image you do not control.",
example: "WORKDIR app",
fix: "WORKDIR /app",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("workdir")) {
        let dir = crate::rules::util::unquote(inst.args().first().map(String::as_str).unwrap_or("/"));
        let raw = inst.args().first().map(String::as_str).unwrap_or("/").trim_matches(['"', '\'']);
        let windows = raw.len() >= 2 && raw.as_bytes()[1] == b':' && raw.as_bytes()[0].is_ascii_alphabetic();
        if !(dir.starts_with('/') || raw.starts_with('$') || windows) {
            out.push(cx.hit(inst));
        }
    }
});
