//! DL3065: FROM --platform=$TARGETPLATFORM.

rule!(Dl3065, "DL3065", Warning, "Setting FROM --platform to predefined $TARGETPLATFORM in is redundant as this is the default behavior",
what: "`FROM --platform=$TARGETPLATFORM`.",
why: "The target platform is already the default; the flag only adds noise.",
example: "FROM --platform=$TARGETPLATFORM alpine:3.20",
fix: "FROM alpine:3.20",
|cx, out| {
    for s in &cx.df.stages {
        if matches!(s.platform.as_deref().map(|p| p.trim_matches('"')), Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")) {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
