//! DL3046: useradd with a high UID but without `-l`.

rule!(Dl3046, "DL3046", Warning, "`useradd` without flag `-l` and high UID will result in excessively large Image.",
what: "`useradd -u UID` with a UID above 99999 and without `-l` / `--no-log-init`.",
why: "useradd then writes a sparse lastlog/faillog entry at that offset, which Docker stores as a huge file.",
example: "RUN useradd -u 123456 app",
fix: "RUN useradd -l -u 123456 app",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "useradd").any(|c| {
            if c.has_flag("l") || c.has_flag("no-log-init") {
                return false;
            }
            let vals: Vec<&str> = c.arg_values().collect();
            let uid = vals.iter().enumerate().find_map(|(i, a)| {
                if *a == "-u" || *a == "--uid" {
                    vals.get(i + 1).copied()
                } else {
                    a.strip_prefix("--uid=").or_else(|| a.strip_prefix("-u").filter(|r| !r.is_empty()))
                }
            });
            uid.is_some_and(|u| u.len() > 5 && u.chars().all(|c| c.is_ascii_digit()))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
