//! DL3061: instructions before the first FROM.

rule!(Dl3061, "DL3061", Error, "Invalid instruction order. Dockerfile must begin with `FROM`, `ARG` or comment.",
what: "An instruction other than `ARG` before the first `FROM`.",
why: "BuildKit rejects it: there is no image yet to apply it to.",
example: "LABEL team=web\nFROM nginx:1.27",
fix: "FROM nginx:1.27\nLABEL team=web",
|cx, out| {
    // `ONBUILD FROM` / `ONBUILD ARG` are ONBUILD instructions, not FROM or ARG.
    for inst in cx.df.instructions.iter().take_while(|i| !i.is("from") || i.onbuild) {
        if !inst.is("arg") || inst.onbuild {
            out.push(cx.hit(inst));
        }
    }
});
