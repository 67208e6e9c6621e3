//! DL3010: COPY of an archive that is then unpacked.

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz", ".tar.zst", ".gz",
    ".bz2", ".xz",
];

fn base(p: &str) -> String {
    let p = p.trim_matches(['"', '\'']);
    p.rsplit(['/', '\\']).next().unwrap_or(p).to_string()
}

rule!(Dl3010, "DL3010", Info, "Use ADD for extracting archives into an image.",
what: "A local tar archive is `COPY`ed and then unpacked with `tar -x` in a later `RUN`.",
why: "ADD unpacks local archives itself, so the packed copy never becomes a layer.",
example: "COPY app.tar.gz /opt/\nRUN tar -xzf /opt/app.tar.gz -C /opt",
fix: "ADD app.tar.gz /opt/",
|cx, out| {
    // (stage, archive file name, the COPY that brought it in)
    let mut archives: std::collections::HashMap<(Option<usize>, String), Vec<&crate::model::Instruction>> = Default::default();
    let mut reported: std::collections::HashSet<usize> = Default::default();
    for inst in cx.plain() {
        if inst.is("copy") && inst.flag("from").is_none() && inst.args().len() >= 2
            && let Some((dst, srcs)) = inst.args().split_last()
        {
            for name in srcs.iter().chain(std::iter::once(dst)).map(|a| base(a)) {
                if ARCHIVES.iter().any(|e| name.ends_with(e)) {
                    archives.entry((inst.stage, name)).or_default().push(inst);
                }
            }
        }
        let Some(s) = &inst.script else { continue };
        for c in s.commands.iter().filter(|c| c.name == "tar") {
            let extract = c.has_flag("x")
                || c.has_flag("extract")
                || c.args.first().is_some_and(|a| !a.value.starts_with('-') && a.value.contains('x'));
            if !extract {
                continue;
            }
            for a in c.arg_values() {
                for copy in archives.get(&(inst.stage, base(a))).into_iter().flatten() {
                    // Reported at the COPY, which is what should change.
                    if reported.insert(copy.line()) {
                        out.push(cx.hit(copy));
                    }
                }
            }
        }
    }
});
