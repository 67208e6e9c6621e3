//! DL3042: pip cache left in the image.

use super::dl3013::pip_install_args;

fn truthy(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "on" | "yes" | "true" => Some(true),
        "0" | "off" | "no" | "false" => Some(false),
        _ => None,
    }
}

rule!(Dl3042, "DL3042", Warning, "Avoid use of cache directory with pip. Use `pip install --no-cache-dir <package>`",
what: "`pip install` without `--no-cache-dir` (and no `PIP_NO_CACHE_DIR` or cache mount).",
why: "pip's download cache stays in the layer and is never used again.",
example: "RUN pip install requests==2.32.3",
fix: "RUN pip install --no-cache-dir requests==2.32.3",
|cx, out| {
    for (inst, s) in cx.runs() {
        if crate::rules::Ctx::has_cache_mount(inst, "/root/.cache/pip") {
            continue;
        }
        let env = cx.var_at(cx.index_of(inst), "PIP_NO_CACHE_DIR").and_then(|v| truthy(&v));
        let mut exported = env;
        let mut bad = false;
        for c in &s.commands {
            if c.name == "export" {
                for a in c.arg_values() {
                    if let Some(v) = a.strip_prefix("PIP_NO_CACHE_DIR=") {
                        exported = truthy(v);
                    }
                }
            }
            if c.name == "pipx" || pip_install_args(c).is_none() {
                continue;
            }
            let prefix = c.assignments.iter().find_map(|a| a.strip_prefix("PIP_NO_CACHE_DIR=")).and_then(truthy);
            if !c.has_flag("no-cache-dir") && prefix.or(exported) != Some(true) {
                bad = true;
            }
        }
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
