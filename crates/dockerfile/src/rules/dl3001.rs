//! DL3001: interactive or system tools that make no sense in a build.

const TOOLS: &[&str] = &[
    "free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim",
];

rule!(Dl3001, "DL3001", Info, "For some bash commands it makes no sense running them in a Docker container like ssh, vim, shutdown, service, ps, free, top, kill, mount, ifconfig.",
what: "`RUN` uses a command such as ssh, vim, shutdown, service, ps, free, top, kill or mount.",
why: "A build step has no terminal, no init system and no running services; these commands do nothing useful there.",
example: "RUN service nginx start",
fix: "CMD [\"nginx\", \"-g\", \"daemon off;\"]",
|cx, out| {
    for (inst, s) in cx.runs() {
        if s.commands.iter().any(|c| TOOLS.contains(&c.name.as_str())) {
            out.push(cx.hit(inst));
        }
    }
});
