//! DL3027: apt instead of apt-get.

rule!(Dl3027, "DL3027", Warning, "Do not use apt as it is meant to be a end-user tool, use apt-get or apt-cache instead",
what: "`RUN` uses `apt`.",
why: "apt's command-line interface is not stable for scripts and it warns so on every call.",
example: "RUN apt install -y curl",
fix: "RUN apt-get install -y curl",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.uses("apt") {
            out.push(cx.hit(inst));
        }
    }
});
