//! DL3045: COPY to a relative path without WORKDIR.

fn absolute(p: &str) -> bool {
    let p = p.trim_matches(['"', '\'']);
    let b = p.as_bytes();
    p.starts_with('/')
        || p.starts_with('$')
        || (b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic())
}

rule!(Dl3045, "DL3045", Warning, "`COPY` to a relative destination without `WORKDIR` set.",
what: "`COPY` to a relative destination in a stage where no `WORKDIR` was set.",
why: "The destination then depends on the base image's working directory, which can change.",
example: "FROM node:22\nCOPY package.json .",
fix: "FROM node:22\nWORKDIR /app\nCOPY package.json .",
|cx, out| {
    for (idx, inst) in cx.df.instructions.iter().enumerate() {
        if !inst.is("copy") || inst.onbuild {
            continue;
        }
        let Some(dst) = inst.args().iter().rfind(|a| !a.starts_with("<<")) else { continue };
        if absolute(dst) {
            continue;
        }
        let stages: Vec<Option<usize>> = match inst.stage {
            Some(s) => cx.ancestry(s).into_iter().map(Some).collect(),
            None => vec![None],
        };
        let has_workdir = cx.df.instructions[..idx].iter().any(|i| i.is("workdir") && stages.contains(&i.stage))
            || cx.df.instructions.iter().skip(idx).any(|i| i.is("workdir") && i.stage != inst.stage && stages.contains(&i.stage));
        if !has_workdir {
            out.push(cx.hit(inst));
        }
    }
});
