//! DL3028: unpinned gems.

rule!(Dl3028, "DL3028", Warning, "Pin versions in gem install. Instead of `gem install <gem>` use `gem install <gem>:<version>`",
what: "`gem install` of a gem without `:version` or `-v`.",
why: "Unpinned gems change between builds.",
example: "RUN gem install bundler",
fix: "RUN gem install bundler:2.5.23",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "gem").any(|c| {
            let args: Vec<&str> = c.arg_values().take_while(|a| *a != "--").collect();
            let Some(pos) = args.iter().position(|a| *a == "install" || *a == "i") else { return false };
            if args.iter().any(|a| *a == "-v" || *a == "--version" || a.starts_with("--version=")) {
                return false;
            }
            let mut skip = false;
            args[pos + 1..].iter().any(|a| {
                if skip {
                    skip = false;
                    return false;
                }
                if a.starts_with('-') {
                    skip = !a.contains('=') && matches!(*a, "-i" | "--install-dir" | "-n" | "--bindir" | "-s" | "--source" | "--platform" | "-p" | "--http-proxy");
                    return false;
                }
                !(a.contains(':') || *a == "true" || *a == "false")
            })
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
