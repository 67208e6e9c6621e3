//! DL3063: reserved stage names.

rule!(Dl3063, "DL3063", Warning, "Stage name should not be a reserved word",
what: "A stage named `scratch` or `context`.",
why: "These names have special meaning to BuildKit, so references to the stage are ambiguous.",
example: "FROM golang:1.23 AS scratch",
fix: "FROM golang:1.23 AS build",
|cx, out| {
    for s in &cx.df.stages {
        if matches!(s.name.as_deref(), Some("scratch" | "context")) {
            out.push(cx.hit(&cx.df.instructions[s.from_instruction]));
        }
    }
});
