//! Masking of secrets in image configuration text. An image's
//! configuration and history are as public as the image, so every place
//! that shows them — environment, labels, `Cmd`, `Entrypoint`, health
//! checks, history `created_by` — goes through these functions before
//! anything is printed. The forms covered:
//!
//! - `KEY=VALUE` where the key looks secret (`DB_PASSWORD=…`, BuildKit's
//!   `|1 NPM_TOKEN=… /bin/sh -c …` build-arg prefix, `--password=…`);
//! - a secret-looking flag followed by its value (`--token abc`);
//! - user and password options (`curl -u admin:pw`, `--user=admin:pw`);
//! - `Authorization:` header values;
//! - credentials inside URLs (`postgres://user:pw@host/db`), whatever the
//!   variable or label that holds them.
//!
//! Masking is deliberately generous: hiding a harmless value costs a
//! reader a little; printing a real password costs the team a rotation.

use std::borrow::Cow;

/// What a masked value is replaced with.
pub const MASK: &str = "********";

/// How many leading characters of a secret a masked excerpt keeps: enough
/// for a reader to recognise which key it is (`AKIA`, `ghp_`), too few to
/// use it.
pub const KEEP: usize = 4;

/// Masks a secret value found by the secret scanner: the first [`KEEP`]
/// characters, then one `*` per remaining character (at most 32, so a
/// private key does not fill a screen). Character-based, so a value cut
/// inside a multi-byte character never panics.
pub fn mask_value(value: &str) -> String {
    let mut out = String::with_capacity(KEEP + 32);
    let mut rest = 0usize;
    for (i, c) in value.chars().enumerate() {
        if i < KEEP {
            out.push(c);
        } else {
            rest += 1;
        }
    }
    out.extend(std::iter::repeat_n('*', rest.min(32)));
    out
}

/// Whether the name of a variable, label or flag suggests it holds a
/// secret. Label-style names (`db.password`, `api-key`) count too.
pub fn is_secret_name(name: &str) -> bool {
    let n: String = name
        .chars()
        .map(|c| match c {
            '.' | '-' | '/' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    const WORDS: [&str; 10] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "API_KEY",
        "ACCESS_KEY",
        "PRIVATE",
        "CREDENTIAL",
        "AUTH",
    ];
    WORDS.iter().any(|w| n.contains(w))
        || n.ends_with("_KEY")
        || n == "KEY"
        || n == "PASS"
        || n.ends_with("_PASS")
        || n.starts_with("PASS_")
        || n.ends_with("_PWD")
}

/// Flags whose next word (or `=` value) is `user:password`.
fn is_user_flag(flag: &str) -> bool {
    matches!(flag, "-u" | "--user" | "--proxy-user" | "-U")
}

/// Masks every secret form in one line of shell-ish text (a history
/// step's command, one `Cmd` element, a label value).
pub fn mask_command(cmd: &str) -> String {
    let mut out = String::with_capacity(cmd.len());
    let mut rest = cmd;
    // What the previous word asked of this one.
    let mut pending = Pending::None;
    while !rest.is_empty() {
        let ws = rest.len() - rest.trim_start().len();
        let (space, tail) = rest.split_at(ws);
        out.push_str(space);
        let (word, tail) = tail.split_at(word_end(tail));
        rest = tail;
        if word.is_empty() {
            continue;
        }
        let (masked, next) = mask_word(word, pending);
        out.push_str(&masked);
        pending = next;
    }
    out
}

/// Masks the words of an argument vector (`Cmd`, `Entrypoint`, a health
/// check): each element as text, and an element after a secret flag.
pub fn mask_args(args: &[String]) -> Vec<String> {
    let mut pending = Pending::None;
    args.iter()
        .map(|a| {
            let (masked, next) = if a.chars().any(char::is_whitespace) {
                // A whole script (`sh -c "…"`): mask inside it; a flag at its
                // end cannot reach the next element.
                let m = mask_command(a);
                let m = match pending {
                    Pending::None => m,
                    _ => MASK.to_owned(),
                };
                (Cow::Owned(m), Pending::None)
            } else {
                mask_word(a, pending)
            };
            pending = next;
            masked.into_owned()
        })
        .collect()
}

/// Masks an environment variable's value: all of it when the name looks
/// secret, else any credentials inside URLs. Returns the value shown and
/// whether anything was hidden.
pub fn mask_env(name: &str, value: &str) -> (String, bool) {
    if value.is_empty() {
        return (String::new(), false);
    }
    if is_secret_name(name) {
        return (MASK.to_owned(), true);
    }
    let m = mask_url_credentials(value);
    let changed = matches!(m, Cow::Owned(_));
    (m.into_owned(), changed)
}

/// Masks a label's value: all of it when the key looks secret, else any
/// secret forms inside it.
pub fn mask_label(key: &str, value: &str) -> String {
    if !value.is_empty() && is_secret_name(key) {
        MASK.to_owned()
    } else {
        mask_command(value)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    /// The previous word was a secret flag: hide this word.
    Value,
    /// The previous word was `-u`: hide this word's password part.
    UserPassword,
    /// The previous word was `-H`: hide an `Authorization:` value.
    Header,
}

/// Masks one word, given what the previous word asked; returns the word
/// to print and what this word asks of the next.
fn mask_word(word: &str, pending: Pending) -> (Cow<'_, str>, Pending) {
    match pending {
        Pending::Value => return (Cow::Owned(keep_quotes(word, MASK)), Pending::None),
        Pending::UserPassword => return (mask_user_password(word), Pending::None),
        Pending::Header => return (mask_authorization(word), Pending::None),
        Pending::None => {}
    }
    let bare = word.trim_start_matches(['"', '\'']);
    if let Some((k, v)) = bare.split_once('=') {
        let flag = k.trim_start_matches('-');
        if !v.is_empty() {
            if is_user_flag(k) {
                let prefix_len = word.len() - v.len();
                let (head, _) = word.split_at(prefix_len);
                return (
                    Cow::Owned(format!("{head}{}", mask_user_password(v))),
                    Pending::None,
                );
            }
            if is_secret_name(flag) {
                // `KEY=` stays so the reader knows what was set; a closing
                // quote is dropped with the value (it may belong to it).
                let prefix_len = word.len() - v.len();
                let (head, _) = word.split_at(prefix_len);
                return (Cow::Owned(format!("{head}{MASK}")), Pending::None);
            }
        }
        return (mask_url_credentials(word), Pending::None);
    }
    if bare.starts_with('-') {
        if is_user_flag(bare) {
            return (Cow::Borrowed(word), Pending::UserPassword);
        }
        if matches!(bare, "-H" | "--header") {
            return (Cow::Borrowed(word), Pending::Header);
        }
        let flag = bare.trim_start_matches('-');
        // A single-letter flag (`-p`) says too little to hide its value.
        if flag.len() > 1 && is_secret_name(flag) {
            return (Cow::Borrowed(word), Pending::Value);
        }
    }
    (mask_authorization(word), Pending::None)
}

/// `user:password` → `user:********` (URL credentials inside are masked
/// the same way).
fn mask_user_password(word: &str) -> Cow<'_, str> {
    if word.contains("://") {
        return mask_url_credentials(word);
    }
    match word.split_once(':') {
        Some((user, pw)) if !pw.is_empty() => {
            Cow::Owned(format!("{user}:{}", keep_quotes(word, MASK)))
        }
        _ => Cow::Borrowed(word),
    }
}

/// Hides the value of an `Authorization:` header inside `word`.
fn mask_authorization(word: &str) -> Cow<'_, str> {
    let lower = word.to_ascii_lowercase();
    let Some(at) = lower.find("authorization:") else {
        return mask_url_credentials(word);
    };
    let cut = at + "authorization:".len();
    match word.get(..cut) {
        Some(head) => Cow::Owned(format!("{head} {}", keep_quotes(word, MASK))),
        None => Cow::Borrowed(word),
    }
}

/// `MASK`, followed by the closing quote when `word` opened one, so the
/// masked command still reads as balanced.
fn keep_quotes(word: &str, mask: &str) -> String {
    match word.chars().next() {
        Some(q @ ('"' | '\'')) if word.len() > 1 && word.ends_with(q) => format!("{mask}{q}"),
        _ => mask.to_owned(),
    }
}

/// Masks the password (or a lone token) in every `scheme://user:pw@host`
/// inside `text`. Returns the text borrowed when nothing was hidden.
pub fn mask_url_credentials(text: &str) -> Cow<'_, str> {
    if !text.contains("://") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(pos) = rest.find("://") {
        let (before, after) = rest.split_at(pos + 3);
        out.push_str(before);
        // The authority ends at the first of these; userinfo is what comes
        // before its last `@`.
        let end = after
            .find(|c: char| matches!(c, '/' | '?' | '#' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(after.len());
        let (authority, tail) = after.split_at(end);
        match authority.rsplit_once('@') {
            Some((userinfo, host)) if !userinfo.is_empty() => {
                match userinfo.split_once(':') {
                    Some((user, pw)) if !pw.is_empty() => {
                        out.push_str(user);
                        out.push(':');
                        out.push_str(MASK);
                        changed = true;
                    }
                    // `https://TOKEN@host`: a long user part is a token.
                    None if userinfo.len() >= 20 => {
                        out.push_str(MASK);
                        changed = true;
                    }
                    _ => out.push_str(userinfo),
                }
                out.push('@');
                out.push_str(host);
            }
            _ => out.push_str(authority),
        }
        rest = tail;
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(text)
    }
}

/// End of a shell-ish word: whitespace outside quotes.
fn word_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn values_keep_four_characters() {
        assert_eq!(mask_value("AKIA0123456789ABCDEF"), "AKIA****************");
        assert_eq!(mask_value("abc"), "abc");
        assert_eq!(mask_value("ééééé"), "éééé*");
        assert_eq!(mask_value(&"x".repeat(100)).len(), 36);
    }

    #[test]
    fn secret_names() {
        for s in [
            "DB_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "api_key",
            "NPM_AUTH",
            "SIGNING_KEY",
            "MYSQL_ROOT_PASS",
            "PASS",
            "db.password",
            "api-key",
            "DB_PWD",
        ] {
            assert!(is_secret_name(s), "{s}");
        }
        for s in [
            "PATH",
            "HOME",
            "LANG",
            "PYTHON_VERSION",
            "PWD",
            "KEYBOARD",
            "PASSAGE",
        ] {
            assert!(!is_secret_name(s), "{s}");
        }
    }

    #[test]
    fn env_values() {
        assert_eq!(mask_env("PASS", "pass18"), (MASK.to_owned(), true));
        assert_eq!(
            mask_env("DATABASE_URL", "postgres://user:urlpw11@db:5432/app"),
            ("postgres://user:********@db:5432/app".to_owned(), true)
        );
        assert_eq!(
            mask_env("MIRROR", "https://deb.debian.org/debian"),
            ("https://deb.debian.org/debian".to_owned(), false)
        );
        assert_eq!(mask_env("PASSWORD", ""), (String::new(), false));
        assert_eq!(
            mask_env(
                "REPO",
                "https://ghp_abcdefghijklmnopqrstuvwx@github.com/o/r"
            ),
            ("https://********@github.com/o/r".to_owned(), true)
        );
        assert_eq!(
            mask_env("REPO", "ssh://git@github.com/o/r"),
            ("ssh://git@github.com/o/r".to_owned(), false)
        );
    }

    #[test]
    fn labels() {
        assert_eq!(mask_label("db.password", "labelpw24"), MASK);
        assert_eq!(
            mask_label("org.opencontainers.image.source", "https://example.com/x"),
            "https://example.com/x"
        );
        assert_eq!(
            mask_label("conn", "mysql://root:lblpw@h/db"),
            "mysql://root:********@h/db"
        );
    }

    #[test]
    fn commands() {
        assert_eq!(
            mask_command("/bin/sh -c #(nop)  ENV API_TOKEN=abc A=b DB_PASSWORD=\"x y\""),
            "/bin/sh -c #(nop)  ENV API_TOKEN=******** A=b DB_PASSWORD=********"
        );
        assert_eq!(
            mask_command("|1 NPM_TOKEN=abc /bin/sh -c npm ci"),
            "|1 NPM_TOKEN=******** /bin/sh -c npm ci"
        );
        assert_eq!(
            mask_command("/bin/sh -c curl -u admin:curlpw21 https://x/y"),
            "/bin/sh -c curl -u admin:******** https://x/y"
        );
        assert_eq!(
            mask_command("/bin/sh -c tool --token flagtok23 --verbose"),
            "/bin/sh -c tool --token ******** --verbose"
        );
        assert_eq!(
            mask_command("curl --user=admin:pw2 -H 'Authorization: Bearer abc.def' x"),
            "curl --user=admin:******** -H 'Authorization: ********' x"
        );
        assert_eq!(
            mask_command("git clone https://bob:hunter2@git.example/r.git"),
            "git clone https://bob:********@git.example/r.git"
        );
        assert_eq!(
            mask_command("app --password=cmdpw25"),
            "app --password=********"
        );
        // Single-letter flags and ordinary words are left alone.
        assert_eq!(mask_command("ls -p /tmp"), "ls -p /tmp");
        assert_eq!(mask_command("echo a=b c"), "echo a=b c");
    }

    #[test]
    fn argument_vectors() {
        assert_eq!(
            mask_args(&args(&["app", "--password=cmdpw25"])),
            args(&["app", "--password=********"])
        );
        assert_eq!(
            mask_args(&args(&["env", "PASSWORD=entrypw26", "app"])),
            args(&["env", "PASSWORD=********", "app"])
        );
        assert_eq!(
            mask_args(&args(&["app", "--token", "flagtok23", "--x"])),
            args(&["app", "--token", "********", "--x"])
        );
        assert_eq!(
            mask_args(&args(&["curl", "-u", "admin:curlpw21"])),
            args(&["curl", "-u", "admin:********"])
        );
        assert_eq!(
            mask_args(&args(&["sh", "-c", "curl -u admin:pw3 x"])),
            args(&["sh", "-c", "curl -u admin:******** x"])
        );
    }

    #[test]
    fn hostile_text_does_not_panic() {
        for s in [
            "://",
            "a://@",
            "x://:@",
            "é://é:é@é",
            "\"",
            "'--token",
            "-u",
            "-H",
            "=",
            "--=",
            "Authorization:",
            "aUTHORIZATION:x",
        ] {
            let _ = mask_command(s);
            let _ = mask_args(&args(&[s, s]));
            let _ = mask_url_credentials(s);
        }
    }
}
