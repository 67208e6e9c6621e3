//! DL3022: COPY --from an unknown stage.

rule!(Dl3022, "DL3022", Warning, "`COPY --from` should reference a previously defined `FROM` alias",
what: "`COPY --from=NAME` where NAME is neither an earlier stage nor an image reference.",
why: "BuildKit then pulls an image called NAME from a registry, which is rarely what was meant and may be hijacked.",
example: "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=builder /app /app",
fix: "FROM golang:1.23 AS build\nFROM alpine:3.20\nCOPY --from=build /app /app",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("copy")) {
        let Some(from) = inst.flag("from") else { continue };
        let from = from.to_lowercase();
        if from.contains(':') || from.contains('$') || from.contains('/') {
            continue;
        }
        let current = inst.stage.unwrap_or(0);
        let known = match from.parse::<usize>() {
            Ok(n) => inst.stage.is_some() && n < current,
            Err(_) => cx.stage_named(&from).is_some_and(|s| s <= current),
        };
        if !known {
            out.push(cx.hit(inst));
        }
    }
});
