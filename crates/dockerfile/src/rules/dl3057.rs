//! DL3057: no HEALTHCHECK (off by default, as in hadolint).

rule!(Dl3057, "DL3057", Ignore, "`HEALTHCHECK` instruction missing.",
what: "Neither the final stage nor the stages it builds on has a `HEALTHCHECK`.",
why: "Without one, orchestrators cannot tell a hung container from a healthy one.",
example: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html",
fix: "FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1",
|cx, out| {
    if let Some(hit) = super::bl1005::missing_healthcheck(cx) {
        out.push(hit);
    }
});
