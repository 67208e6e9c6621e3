//! DL4004: several ENTRYPOINTs in a stage.

use crate::rules::{Ctx, Hit};

/// Reports every repetition of `kw` within a stage.
pub(crate) fn repeated(cx: &Ctx<'_>, out: &mut Vec<Hit>, kw: &str) {
    let mut seen = std::collections::HashSet::new();
    for inst in cx.df.instructions.iter().filter(|i| i.is(kw) && !i.onbuild) {
        if !seen.insert(inst.stage) {
            out.push(cx.hit(inst));
        }
    }
}

rule!(Dl4004, "DL4004", Error, "Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect",
what: "A stage has more than one `ENTRYPOINT`.",
why: "Only the last one takes effect; the others mislead readers.",
example: "ENTRYPOINT [\"/a\"]\nENTRYPOINT [\"/b\"]",
fix: "ENTRYPOINT [\"/b\"]",
|cx, out| {
    repeated(cx, out, "entrypoint");
});
