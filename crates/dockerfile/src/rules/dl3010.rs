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
    let mut archives: Vec<(Option<usize>, String, &crate::model::Instruction)> = Vec::new();
    let mut reported: Vec<usize> = Vec::new();
    for inst in cx.plain() {
        if inst.is("copy") && inst.flag("from").is_none() && inst.args().len() >= 2 {
            let (dst, srcs) = inst.args().split_last().unwrap_or((&inst.args()[0], &[]));
            for name in srcs.iter().chain(std::iter::once(dst)).map(|a| base(a)) {
                if ARCHIVES.iter().any(|e| name.ends_with(e)) {
                    archives.push((inst.stage, name, inst));
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
                for (st, name, copy) in &archives {
                    if *st == inst.stage && base(a) == *name && !reported.contains(&copy.line()) {
                        // Reported at the COPY, which is what should change.
                        reported.push(copy.line());
                        out.push(cx.hit(copy));
                    }
                }
            }
        }
    }
});
