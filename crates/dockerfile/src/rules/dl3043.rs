//! DL3043: ONBUILD triggering ONBUILD, FROM or MAINTAINER.

rule!(Dl3043, "DL3043", Error, "`ONBUILD`, `FROM` or `MAINTAINER` triggered from within `ONBUILD` instruction.",
what: "`ONBUILD ONBUILD`, `ONBUILD FROM` or `ONBUILD MAINTAINER`.",
why: "BuildKit rejects these triggers when the image is used as a base.",
example: "ONBUILD FROM debian:12",
fix: "ONBUILD RUN ./configure",
|cx, out| {
    for inst in cx.df.instructions.iter().filter(|i| i.onbuild) {
        if matches!(inst.keyword().as_str(), "onbuild" | "from" | "maintainer") {
            out.push(cx.hit(inst));
        }
    }
});
