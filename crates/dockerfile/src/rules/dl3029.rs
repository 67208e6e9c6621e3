//! DL3029: FROM --platform with a constant.

rule!(Dl3029, "DL3029", Warning, "Do not use --platform flag with FROM",
what: "`FROM --platform=` with anything but `$BUILDPLATFORM` or `$TARGETPLATFORM`.",
why: "A fixed platform defeats multi-platform builds and silently emulates on other hosts; use `$BUILDPLATFORM`/`$TARGETPLATFORM`.",
example: "FROM --platform=linux/amd64 debian:12",
fix: "FROM --platform=$BUILDPLATFORM debian:12",
|cx, out| {
    for s in &cx.df.stages {
        if s.platform.as_deref().is_some_and(|p| !(p.contains("$BUILDPLATFORM") || p.contains("${BUILDPLATFORM") || p.contains("$TARGETPLATFORM") || p.contains("${TARGETPLATFORM"))) {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
