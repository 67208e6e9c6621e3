//! BL1003: a secret value written into ENV or ARG.

use super::dl3064::{names, secret_name};

/// Well-known credential shapes: (prefix, minimum length of the rest).
const TOKEN_PREFIXES: &[(&str, usize)] = &[
    ("AKIA", 16),
    ("ASIA", 16),
    ("ghp_", 30),
    ("gho_", 30),
    ("ghs_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("sk_live_", 20),
    ("npm_", 30),
    ("-----BEGIN", 10),
];

fn looks_like_token(v: &str) -> bool {
    TOKEN_PREFIXES.iter().any(|(p, n)| {
        v.strip_prefix(p)
            .is_some_and(|r| r.len() >= *n && !r.contains(char::is_whitespace))
    })
}

rule!(Bl1003, "BL1003", Error, "A secret value is written into the image by ENV or ARG.",
what: "An `ENV` or `ARG` that gives a literal value to a secret-like name, or whose value has the shape of a known credential (AWS key id, GitHub/GitLab/Slack/npm token, PEM key).",
why: "ENV values are stored in the image config and ARG values in its history; anyone who can pull the image can read them. Unlike DL3064 (a name-only hint), this rule fires when an actual value is present.",
example: "ENV GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
fix: "RUN --mount=type=secret,id=github_token GITHUB_TOKEN=$(cat /run/secrets/github_token) ./fetch.sh",
|cx, out| {
    for inst in cx.plain() {
        for (k, v) in names(inst) {
            let Some(v) = v else { continue };
            let v = crate::rules::util::unquote(&v);
            let literal = !v.is_empty() && !v.contains('$');
            if literal && (secret_name(&k) || looks_like_token(&v)) {
                out.push(cx.hit_msg(inst, format!("`{k}` is given a literal secret-like value (redacted) in the image.")));
            }
        }
    }
});
