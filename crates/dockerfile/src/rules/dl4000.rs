//! DL4000: MAINTAINER.

rule!(Dl4000, "DL4000", Error, "MAINTAINER is deprecated",
what: "A `MAINTAINER` instruction.",
why: "MAINTAINER is deprecated; a label is machine-readable and standard.",
example: "MAINTAINER Jane Doe <jane@example.com>",
fix: "LABEL org.opencontainers.image.authors=\"jane@example.com\"",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("maintainer")) {
        out.push(cx.hit(inst));
    }
});
