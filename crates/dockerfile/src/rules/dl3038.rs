//! DL3038: dnf install without `-y`.

pub(crate) fn is_dnf(name: &str) -> bool {
    name == "dnf" || name == "microdnf" || name == "dnf5"
}

rule!(Dl3038, "DL3038", Warning, "Use the -y switch to avoid manual input `dnf install -y <package`",
what: "`dnf install` (or microdnf) without `-y` / `--assumeyes`.",
why: "dnf waits for a confirmation no one can give.",
example: "RUN dnf install httpd-2.4.62",
fix: "RUN dnf install -y httpd-2.4.62",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().any(|c| {
            is_dnf(&c.name)
                && crate::rules::util::packages(c, &["install", "in", "groupinstall", "localinstall"], &[]).is_some()
                && !c.has_flag("y") && !c.has_flag("assumeyes")
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
