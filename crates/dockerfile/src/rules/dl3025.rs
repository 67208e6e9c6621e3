//! DL3025: shell-form CMD/ENTRYPOINT.

rule!(Dl3025, "DL3025", Warning, "Use arguments JSON notation for CMD and ENTRYPOINT arguments",
what: "`CMD`, `ENTRYPOINT` or `HEALTHCHECK CMD` in shell form.",
why: "Shell form runs under `/bin/sh -c`, so the program is not PID 1 and does not receive signals such as SIGTERM.",
example: "CMD node server.js",
fix: "CMD [\"node\", \"server.js\"]",
|cx, out| {
    for inst in cx.plain() {
        let bad = match inst.keyword().as_str() {
            "cmd" | "entrypoint" => !inst.node.json && !inst.args().is_empty(),
            "healthcheck" => inst.args().first().is_some_and(|t| t.eq_ignore_ascii_case("cmd")) && !inst.node.json,
            _ => false,
        };
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
