//! DL3050: labels outside the schema (strict mode).

rule!(Dl3050, "DL3050", Info, "Superfluous label(s) present.",
what: "With `strict-labels`: a `LABEL` key that is not in `label-schema`.",
why: "Strict schemas keep label sets uniform across a fleet of images.",
example: "# label-schema: {maintainer: text}, strict-labels: true\nLABEL team=web",
fix: "LABEL maintainer=\"web@example.com\"",
|cx, out| {
    if !cx.config.strict_labels || cx.config.label_schema.is_empty() {
        return;
    }
    for (inst, k, _) in super::labels::pairs(cx) {
        if !cx.config.label_schema.contains_key(&k) {
            out.push(cx.hit_msg(inst, format!("Superfluous label `{k}` present.")));
        }
    }
});
