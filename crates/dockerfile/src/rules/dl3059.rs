//! DL3059: consecutive RUNs that could be one.

rule!(Dl3059, "DL3059", Info, "Multiple consecutive `RUN` instructions. Consider consolidation.",
what: "Two `RUN`s in a row, each running a single command, with the same flags.",
why: "Every RUN adds a layer; merging simple consecutive commands keeps images smaller and builds faster.",
example: "RUN apt-get update\nRUN apt-get install -y curl",
fix: "RUN apt-get update && apt-get install -y curl",
|cx, out| {
    let count = |i: &crate::model::Instruction| i.script.as_ref().map_or(1, |s| s.commands.len());
    let mut prev: Option<&crate::model::Instruction> = None;
    for inst in &cx.df.instructions {
        if inst.is("run") && !inst.onbuild {
            if let Some(p) = prev
                && p.node.flags == inst.node.flags && count(p) <= 1 && count(inst) <= 1
            {
                out.push(cx.hit(inst));
            }
            prev = Some(inst);
        } else {
            prev = None;
        }
    }
});
