//! BL1004: the final image never sets USER.

rule!(Bl1004, "BL1004", Warning, "The final image does not set a USER; it runs as root.",
what: "Neither the final stage nor the stages it builds on has a `USER` instruction.",
why: "Containers then run as root unless the base image chose otherwise, so a compromise of the application is a compromise of the container.",
example: "FROM python:3.13-slim\nCOPY app /app\nCMD [\"python\", \"/app/main.py\"]",
fix: "FROM python:3.13-slim\nRUN useradd -r -u 10001 app\nCOPY app /app\nUSER 10001\nCMD [\"python\", \"/app/main.py\"]",
|cx, out| {
    let Some(last) = cx.df.stages.last() else { return };
    if last.image == "scratch" {
        return;
    }
    let finals = cx.final_stages();
    if !cx.df.instructions.iter().any(|i| i.is("user") && !i.onbuild && finals.contains(&i.stage)) {
        out.push(cx.hit(&cx.df.instructions[last.from_instruction]));
    }
});
