//! Label checks shared by DL3049–DL3058 (hadolint's label schema).

use crate::config::LabelType;
use crate::rules::{Ctx, Hit};

/// `(key, value)` of every `LABEL` pair, with the instruction.
pub(crate) fn pairs<'a>(cx: &Ctx<'a>) -> Vec<(&'a crate::model::Instruction, String, String)> {
    let mut v = Vec::new();
    for inst in cx.plain().filter(|i| i.is("label")) {
        for kv in inst.args().chunks(2) {
            if let [k, val] = kv {
                v.push((
                    inst,
                    crate::rules::util::unquote(k),
                    crate::rules::util::unquote(val),
                ));
            }
        }
    }
    v
}

/// Reports labels of type `ty` whose value fails `ok`.
pub(crate) fn check_type(
    cx: &Ctx<'_>,
    out: &mut Vec<Hit>,
    ty: LabelType,
    ok: impl Fn(&str) -> bool,
) {
    for (inst, k, v) in pairs(cx) {
        if cx.config.label_schema.get(&k) == Some(&ty) && !v.is_empty() && !ok(&v) {
            out.push(cx.hit_msg(
                inst,
                format!("Label `{k}` does not match the `{ty:?}` format."),
            ));
        }
    }
}
