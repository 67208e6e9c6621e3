//! DL3030: yum install without `-y`.

rule!(Dl3030, "DL3030", Warning, "Use the -y switch to avoid manual input `yum install -y <package`",
what: "`yum install` without `-y` / `--assumeyes`.",
why: "yum waits for a confirmation no one can give.",
example: "RUN yum install httpd-2.4.62",
fix: "RUN yum install -y httpd-2.4.62",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().any(|c| {
            crate::rules::util::is_sub(c, "yum", &["install", "groupinstall", "localinstall"], &[])
                && !c.has_flag("y") && !c.has_flag("assumeyes")
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
