//! DL3067: copying a whole stage's filesystem.

rule!(Dl3067, "DL3067", Warning, "Do not copy an entire filesystem from another stage",
what: "`COPY --from=STAGE / /`.",
why: "It copies the whole build stage, compilers and caches included, defeating the multi-stage build.",
example: "COPY --from=build / /",
fix: "COPY --from=build /app/bin/server /usr/local/bin/server",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("copy") && i.flag("from").is_some()) {
        let args: Vec<String> = inst.args().iter().map(|a| crate::rules::util::unquote(a)).collect();
        if args.len() >= 2 && args.iter().all(|a| a == "/") {
            out.push(cx.hit(inst));
        }
    }
});
