//! DL3066: USER by name.

rule!(Dl3066, "DL3066", Info, "Non-numeric user-id may not be resolvable by host system",
what: "`USER` given as a name rather than a numeric uid[:gid].",
why: "Kubernetes' runAsNonRoot and host-side tools only see numbers; a name cannot be verified to be non-root.",
example: "USER app",
fix: "USER 10001:10001",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("user")) {
        let u = inst.args().first().map(String::as_str).unwrap_or_default();
        let bad = u.split(':').any(|p| !p.is_empty() && !p.contains('$') && !p.chars().all(|c| c.is_ascii_digit()));
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
