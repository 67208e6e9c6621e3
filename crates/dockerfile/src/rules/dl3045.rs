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
    // A WORKDIR counts when it comes earlier in the COPY's stage or anywhere
    // in a stage it builds on (those come before it in the file). One pass:
    // `inherited[s]` says whether some ancestor of stage `s` sets one.
    let n = cx.df.stages.len();
    let mut has = vec![false; n];
    let mut inherited = vec![false; n];
    let mut before_from = false;
    for inst in &cx.df.instructions {
        if let Some(s) = inst.stage
            && cx.df.stages.get(s).is_some_and(|st| cx.df.instructions.get(st.from_instruction).is_some_and(|f| std::ptr::eq(f, inst)))
        {
            let up = cx.parent(s).is_some_and(|p| has.get(p) == Some(&true) || inherited.get(p) == Some(&true));
            if let Some(x) = inherited.get_mut(s) {
                *x = up;
            }
        }
        if inst.is("workdir") {
            match inst.stage {
                Some(s) => {
                    if let Some(x) = has.get_mut(s) {
                        *x = true;
                    }
                }
                None => before_from = true,
            }
            continue;
        }
        if !inst.is("copy") || inst.onbuild {
            continue;
        }
        let Some(dst) = inst.args().iter().rfind(|a| !a.starts_with("<<")) else { continue };
        if absolute(dst) {
            continue;
        }
        let has_workdir = match inst.stage {
            Some(s) => has.get(s) == Some(&true) || inherited.get(s) == Some(&true),
            None => before_from,
        };
        if !has_workdir {
            out.push(cx.hit(inst));
        }
    }
});
