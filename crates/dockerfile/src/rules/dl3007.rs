//! DL3007: `:latest` base image.

rule!(Dl3007, "DL3007", Warning, "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag.",
what: "A `FROM` uses the `latest` tag without a digest.",
why: "`latest` moves; the same Dockerfile builds different images over time.",
example: "FROM node:latest",
fix: "FROM node:22.11-bookworm",
|cx, out| {
    for s in &cx.df.stages {
        let r = crate::rules::util::image_ref(&s.image);
        if r.tag == Some("latest") && r.digest.is_none() {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
