//! DL3018: unpinned apk packages.

const VALUE_FLAGS: &[&str] = &[
    "t",
    "virtual",
    "X",
    "repository",
    "p",
    "root",
    "keys-dir",
    "arch",
    "cache-dir",
    "repositories-file",
];

rule!(Dl3018, "DL3018", Warning, "Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>`",
what: "`apk add` of a package without a version constraint.",
why: "Unpinned packages change between builds.",
example: "RUN apk add --no-cache curl",
fix: "RUN apk add --no-cache curl=8.11.1-r0",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "apk").any(|c| {
            crate::rules::util::packages(c, &["add"], VALUE_FLAGS).is_some_and(|pkgs| {
                pkgs.iter().any(|p| !(p.contains(['=', '~', '<', '>']) || p.ends_with(".apk")))
            })
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
