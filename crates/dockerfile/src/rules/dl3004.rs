//! DL3004: sudo in RUN.

rule!(Dl3004, "DL3004", Error, "Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root.",
what: "`RUN` calls `sudo`.",
why: "sudo needs a TTY and a sudoers setup, behaves differently across images, and hides which user a step really runs as.",
example: "RUN sudo apt-get update",
fix: "USER root\nRUN apt-get update",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.uses("sudo") {
            out.push(cx.hit(inst));
        }
    }
});
