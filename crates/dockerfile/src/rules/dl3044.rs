//! DL3044: ENV referring to a variable set in the same ENV.

fn refers(value: &str, name: &str) -> bool {
    let mut rest = value;
    while let Some(p) = rest.find('$') {
        rest = &rest[p + 1..];
        let r = rest.strip_prefix('{').unwrap_or(rest);
        if let Some(after) = r.strip_prefix(name)
            && !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            return true;
        }
    }
    false
}

rule!(Dl3044, "DL3044", Error, "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
what: "An `ENV` with several pairs where a value refers to a variable set earlier in the same instruction.",
why: "All pairs are expanded with the values from before the instruction, so the reference does not see the new value.",
example: "ENV APP=/opt/app BIN=$APP/bin",
fix: "ENV APP=/opt/app\nENV BIN=$APP/bin",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("env")) {
        let pairs: Vec<&[String]> = inst.args().chunks(2).collect();
        let bad = pairs.iter().enumerate().any(|(i, kv)| {
            kv.get(1).is_some_and(|v| pairs[..i].iter().any(|p| refers(v, &p[0])))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
