//! DL3051: a schema label is empty.

rule!(Dl3051, "DL3051", Warning, "Label `<label>` is empty.",
what: "With `label-schema` configured: a required label has an empty value.",
why: "An empty label defeats the purpose of requiring it.",
example: "LABEL maintainer=\"\"",
fix: "LABEL maintainer=\"team@example.com\"",
|cx, out| {
    for (inst, k, v) in super::labels::pairs(cx) {
        if cx.config.label_schema.contains_key(&k) && v.is_empty() {
            out.push(cx.hit_msg(inst, format!("Label `{k}` is empty.")));
        }
    }
});
