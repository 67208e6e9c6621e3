//! DL3049: a label required by the schema is missing.

rule!(Dl3049, "DL3049", Info, "Label `<label>` is missing.",
what: "With `label-schema` configured: an image stage lacks a required label.",
why: "Required labels (owner, source, version…) are how images are traced back to their code and team.",
example: "# label-schema: {maintainer: text}\nFROM debian:12",
fix: "FROM debian:12\nLABEL maintainer=\"team@example.com\"",
|cx, out| {
    let n = cx.df.stages.len();
    let copied: std::collections::HashSet<usize> = cx.df.instructions.iter().filter(|i| i.is("copy")).filter_map(|i| {
        let f = i.flag("from")?.to_lowercase();
        f.parse::<usize>().ok().or_else(|| cx.df.stages.iter().position(|s| s.name.as_deref() == Some(f.as_str())))
    }).collect();
    for key in cx.config.label_schema.keys() {
        let own: Vec<bool> = (0..n).map(|s| {
            cx.df.stage_instructions(s).any(|i| i.is("label") && i.args().chunks(2).any(|kv| crate::rules::util::unquote(&kv[0]) == *key))
        }).collect();
        for s in 0..n {
            if copied.contains(&s) {
                continue;
            }
            let up = cx.ancestry(s).iter().any(|a| own[*a]);
            let down = (0..n).any(|t| own[t] && cx.ancestry(t).contains(&s));
            if !up && !down {
                let from = &cx.df.instructions[cx.df.stages[s].from_instruction];
                out.push(cx.hit_msg(from, format!("Label `{key}` is missing.")));
            }
        }
    }
});
