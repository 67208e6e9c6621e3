//! DL3024: duplicate stage names.

rule!(Dl3024, "DL3024", Error, "FROM aliases (stage names) must be unique",
what: "Two `FROM … AS NAME` use the same NAME.",
why: "References to NAME become ambiguous; BuildKit rejects the file.",
example: "FROM node:22 AS build\nFROM golang:1.23 AS build",
fix: "FROM node:22 AS web\nFROM golang:1.23 AS server",
|cx, out| {
    for s in &cx.df.stages {
        let Some(n) = &s.name else { continue };
        if cx.stage_named(n).is_some_and(|p| p < s.index) {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
