//! DL3011: EXPOSE outside the port range.

rule!(Dl3011, "DL3011", Error, "Valid UNIX ports range from 0 to 65535.",
what: "`EXPOSE` lists a port (or range bound) above 65535.",
why: "Such a port cannot exist; the Dockerfile has a typo.",
example: "EXPOSE 80800",
fix: "EXPOSE 8080",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("expose")) {
        let bad = inst.args().iter().any(|a| {
            let port = a.split('/').next().unwrap_or_default();
            port.split('-').any(|p| p.parse::<u64>().is_ok_and(|n| n > 65535))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
