//! DL3016: unpinned npm packages.

const VALUE_FLAGS: &[&str] = &[
    "registry",
    "loglevel",
    "prefix",
    "cache",
    "userconfig",
    "tag",
    "otp",
    "workspace",
    "w",
    "C",
];

fn pinned(p: &str) -> bool {
    let p = p.trim_matches(['"', '\'']);
    if p.starts_with("git") || p.contains("://") {
        return p.contains('#');
    }
    if p.starts_with('/')
        || p.starts_with("./")
        || p.starts_with("../")
        || p.starts_with("~/")
        || p == "."
    {
        return true;
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|e| p.ends_with(e)) {
        return true;
    }
    let unscoped = p
        .strip_prefix('@')
        .map_or(p, |r| r.split_once('/').map_or(r, |(_, n)| n));
    unscoped.contains('@')
}

rule!(Dl3016, "DL3016", Warning, "Pin versions in npm. Instead of `npm install <package>` use `npm install <package>@<version>`",
what: "`npm install` of a named package without `@version`.",
why: "Unpinned packages resolve to whatever is newest at build time, so builds are not reproducible.",
example: "RUN npm install -g typescript",
fix: "RUN npm install -g typescript@5.6.3",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "npm").any(|c| {
            crate::rules::util::packages(c, &["install", "i", "add"], VALUE_FLAGS)
                .is_some_and(|pkgs| pkgs.iter().any(|p| !pinned(p)))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
