//! DL3002: a stage ends as root.

rule!(Dl3002, "DL3002", Warning, "Last USER should not be root.",
what: "The last `USER` of a stage is `root` (or uid 0).",
why: "Processes in the container then run as root, so a compromise of the application is a compromise of the container.",
example: "USER root\nRUN make install",
fix: "USER root\nRUN make install\nUSER app",
|cx, out| {
    let mut last: std::collections::HashMap<Option<usize>, &crate::model::Instruction> = Default::default();
    for inst in cx.df.instructions.iter().filter(|i| i.is("user") && !i.onbuild) {
        last.insert(inst.stage, inst);
    }
    let mut hits: Vec<_> = last.values().filter(|i| {
        let u = i.args().first().map(String::as_str).unwrap_or_default();
        let user = u.split(':').next().unwrap_or_default();
        user == "root" || user == "0"
    }).map(|i| cx.hit(i)).collect();
    hits.sort_by_key(|h| h.line);
    out.extend(hits);
});
