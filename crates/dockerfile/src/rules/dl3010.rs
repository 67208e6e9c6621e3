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
    let mut archives: Vec<(Option<usize>, String)> = Vec::new();
    for inst in &cx.df.instructions {
        if inst.is("copy") && inst.flag("from").is_none() && inst.args().len() >= 2 {
            let (dst, srcs) = inst.args().split_last().unwrap_or((&inst.args()[0], &[]));
            for s in srcs {
                let b = base(s);
                if ARCHIVES.iter().any(|e| b.ends_with(e)) {
                    archives.push((inst.stage, b));
                }
            }
            let d = base(dst);
            if ARCHIVES.iter().any(|e| d.ends_with(e)) {
                archives.push((inst.stage, d));
            }
        }
        let Some(s) = &inst.script else { continue };
        let hit = s.commands.iter().filter(|c| c.name == "tar").any(|c| {
            let extract = c.has_flag("x") || c.has_flag("extract") || c.args.first().is_some_and(|a| !a.value.starts_with('-') && a.value.contains('x'));
            extract && c.arg_values().any(|a| archives.iter().any(|(st, b)| *st == inst.stage && base(a) == *b))
        });
        if hit {
            out.push(cx.hit(inst));
        }
    }
});
