//! DL3062: unpinned `go install`.

rule!(Dl3062, "DL3062", Warning, "Pin versions in go install. Instead of `go install <package>` use `go install <package>@<version>`",
what: "`go install`, `go get` or `go run` of a remote package without `@version` (or with `@latest`).",
why: "Unpinned modules resolve to whatever is newest at build time.",
example: "RUN go install golang.org/x/tools/gopls",
fix: "RUN go install golang.org/x/tools/gopls@v0.16.2",
|cx, out| {
    for (inst, s) in cx.runs() {
        let bad = s.commands.iter().filter(|c| c.name == "go").any(|c| {
            let pos = c.positional(&["o", "C", "modfile", "tags", "ldflags", "gcflags", "mod"]);
            let pkgs: Vec<&str> = match pos.as_slice() {
                ["install" | "get", rest @ ..] => rest.to_vec(),
                ["run", first, ..] => vec![first],
                _ => return false,
            };
            pkgs.iter().any(|p| {
                let local = p.starts_with('.') || p.starts_with('/') || p.starts_with('$');
                !local && p.rsplit_once('@').is_none_or(|(_, v)| v == "latest")
            })
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
