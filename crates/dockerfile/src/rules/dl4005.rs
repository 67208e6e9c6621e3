//! DL4005: replacing /bin/sh with ln.

rule!(Dl4005, "DL4005", Warning, "Use SHELL to change the default shell",
what: "`RUN ln … /bin/sh` to change the shell.",
why: "SHELL changes the shell for later RUNs explicitly, without altering the image's /bin/sh for everyone else.",
example: "RUN ln -sf /bin/bash /bin/sh",
fix: "SHELL [\"/bin/bash\", \"-c\"]",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.commands.iter().any(|c| c.name == "ln" && c.has_arg("/bin/sh")) {
            out.push(cx.hit(inst));
        }
    }
});
