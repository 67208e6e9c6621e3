//! DL3064: secret-looking ARG/ENV names.

/// A name made of `_`-separated words one of which denotes a secret
/// (BuildKit's SecretsUsedInArgOrEnv word list, with `key` only when
/// qualified, as hadolint does not flag `GPG_KEY`).
pub(crate) fn secret_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "apikey",
        "credential",
        "credentials",
        "password",
        "pword",
        "passwd",
        "secret",
        "token",
    ];
    // `key` alone is too broad: `GPG_KEY` holds a public fingerprint.
    const KEY_QUALIFIERS: &[&str] = &[
        "api",
        "access",
        "private",
        "secret",
        "auth",
        "client",
        "encryption",
        "signing",
    ];
    let lower = name.to_ascii_lowercase();
    let words: Vec<&str> = lower.split(['_', '-']).collect();
    if words.contains(&"public") {
        return false;
    }
    words.iter().any(|w| WORDS.contains(w))
        || words
            .windows(2)
            .any(|w| w[1] == "key" && KEY_QUALIFIERS.contains(&w[0]))
}

/// Names set by `ARG` or `ENV` instructions, with the instruction.
pub(crate) fn names(inst: &crate::model::Instruction) -> Vec<(String, Option<String>)> {
    if inst.is("arg") {
        inst.args()
            .iter()
            .map(|a| match a.split_once('=') {
                Some((k, v)) => (k.to_string(), Some(v.to_string())),
                None => (a.clone(), None),
            })
            .collect()
    } else if inst.is("env") {
        inst.args()
            .chunks(2)
            .filter_map(|kv| match kv {
                [k, v] => Some((k.clone(), Some(v.clone()))),
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    }
}

rule!(Dl3064, "DL3064", Warning, "Potentially sensitive data should not be used in the ARG or ENV commands",
what: "An `ARG` or `ENV` whose name suggests a secret (password, token, key, …).",
why: "ARG and ENV values are stored in the image metadata and history, readable by anyone who pulls it.",
example: "ARG NPM_TOKEN\nRUN npm ci",
fix: "RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci",
|cx, out| {
    for inst in cx.plain() {
        if names(inst).iter().any(|(k, _)| secret_name(k)) {
            out.push(cx.hit(inst));
        }
    }
});
