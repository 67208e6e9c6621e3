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
        f.parse::<usize>().ok().or_else(|| cx.stage_named(&f))
    }).collect();
    for key in cx.config.label_schema.keys() {
        // own[s]: stage s sets the label; up[s]: s or an ancestor does;
        // down[s]: s or a stage built on it does. Parents come first, so
        // one pass each way.
        let mut own = vec![false; n];
        for i in &cx.df.instructions {
            if i.is("label") && i.args().chunks(2).any(|kv| kv.first().is_some_and(|k| crate::rules::util::unquote(k) == *key))
                && let Some(x) = i.stage.and_then(|s| own.get_mut(s))
            {
                *x = true;
            }
        }
        let mut up = own.clone();
        for s in 0..n {
            if let Some(p) = cx.parent(s).filter(|&p| p < s)
                && up.get(p) == Some(&true)
                && let Some(x) = up.get_mut(s)
            {
                *x = true;
            }
        }
        let mut down = own.clone();
        for t in (0..n).rev() {
            if down.get(t) == Some(&true)
                && let Some(x) = cx.parent(t).filter(|&p| p < t).and_then(|p| down.get_mut(p))
            {
                *x = true;
            }
        }
        for (s, stage) in cx.df.stages.iter().enumerate() {
            if copied.contains(&s) || up.get(s) == Some(&true) || down.get(s) == Some(&true) {
                continue;
            }
            if let Some(from) = cx.df.instructions.get(stage.from_instruction) {
                out.push(cx.hit_msg(from, format!("Label `{key}` is missing.")));
            }
        }
    }
});
