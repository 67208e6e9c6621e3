//! DL3044: ENV referring to a variable set in the same ENV.

fn refers(value: &str, name: &str) -> bool {
    let mut rest = value;
    while let Some(p) = rest.find('$') {
        rest = rest.get(p + 1..).unwrap_or_default();
        let r = rest.strip_prefix('{').unwrap_or(rest);
        if let Some(after) = r.strip_prefix(name)
            && !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        {
            return true;
        }
    }
    false
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The identifier right after each `$` (or `${`) in `value`.
fn referenced(value: &str) -> impl Iterator<Item = &str> {
    value.split('$').skip(1).map(|r| {
        let r = r.strip_prefix('{').unwrap_or(r);
        let end = r.find(|c: char| !is_ident(c)).unwrap_or(r.len());
        r.get(..end).unwrap_or_default()
    })
}

rule!(Dl3044, "DL3044", Error, "Do not refer to an environment variable within the same `ENV` statement where it is defined.",
what: "An `ENV` with several pairs where a value refers to a variable set earlier in the same instruction.",
why: "All pairs are expanded with the values from before the instruction, so the reference does not see the new value.",
example: "ENV APP=/opt/app BIN=$APP/bin",
fix: "ENV APP=/opt/app\nENV BIN=$APP/bin",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("env")) {
        // Names made of identifier characters (all real ones) are found by
        // the identifier after each `$`, through a set; others are rare and
        // checked one by one.
        let mut names: std::collections::HashSet<&str> = Default::default();
        let mut odd: Vec<&str> = Vec::new();
        let mut bad = false;
        for kv in inst.args().chunks(2) {
            let Some(k) = kv.first() else { continue };
            if let Some(v) = kv.get(1) {
                crate::work::add(1);
                if referenced(v).any(|r| names.contains(r)) || odd.iter().any(|k| refers(v, k)) {
                    bad = true;
                    break;
                }
            }
            if !k.is_empty() && k.chars().all(is_ident) {
                names.insert(k);
            } else {
                odd.push(k);
            }
        }
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
