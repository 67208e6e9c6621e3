//! DL3023: COPY --from its own stage.

rule!(Dl3023, "DL3023", Error, "`COPY --from` cannot reference its own `FROM` alias",
what: "`COPY --from=NAME` inside the stage named NAME.",
why: "A stage cannot copy from itself; the build fails.",
example: "FROM node:22 AS app\nCOPY --from=app /src /dst",
fix: "FROM node:22 AS build\nFROM node:22 AS app\nCOPY --from=build /src /dst",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("copy")) {
        let (Some(from), Some(st)) = (inst.flag("from"), inst.stage) else { continue };
        if cx.df.stages[st].name.as_deref() == Some(from.to_lowercase().as_str()) {
            out.push(cx.hit(inst));
        }
    }
});
