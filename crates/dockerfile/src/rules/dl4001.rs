//! DL4001: both wget and curl.

rule!(Dl4001, "DL4001", Warning, "Either use Wget or Curl but not both",
what: "A stage uses both `wget` and `curl`.",
why: "Installing two download tools doubles the size and the attack surface for no benefit.",
example: "RUN wget -q https://a/x\nRUN curl -fsSLO https://b/y",
fix: "RUN curl -fsSLO https://a/x && curl -fsSLO https://b/y",
|cx, out| {
    let mut seen: std::collections::HashMap<Option<usize>, (bool, bool)> = Default::default();
    for (inst, s) in cx.runs() {
        let w = s.uses("wget");
        let c = s.uses("curl");
        let e = seen.entry(inst.stage).or_default();
        e.0 |= w;
        e.1 |= c;
        if (w || c) && e.0 && e.1 {
            out.push(cx.hit(inst));
        }
    }
});
