//! DL3003: `cd` in RUN.

rule!(Dl3003, "DL3003", Warning, "Use WORKDIR to switch to a directory.",
what: "`RUN` changes directory with `cd`.",
why: "The change lasts only for that RUN; WORKDIR states the directory once for every later instruction and is easier to read.",
example: "RUN cd /app && make",
fix: "WORKDIR /app\nRUN make",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.uses("cd") {
            out.push(cx.hit(inst));
        }
    }
});
