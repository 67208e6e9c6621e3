//! Helpers shared by rules: image references, quoting, package lists.

use crate::shell::Command;
use crate::shlex::{EmptyEnv, Lex};

/// Removes shell quoting from a Dockerfile value (`"a b"` → `a b`),
/// leaving variable references as written.
pub(crate) fn unquote(v: &str) -> String {
    let lex = Lex {
        skip_unset_env: true,
        ..Lex::new('\\')
    };
    lex.process_word(v, &EmptyEnv)
        .unwrap_or_else(|_| v.to_string())
}

/// An image reference split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageRef<'a> {
    /// Registry host, when the first path component names one.
    pub registry: Option<&'a str>,
    /// Tag, without `:`.
    pub tag: Option<&'a str>,
    /// Digest, without `@`.
    pub digest: Option<&'a str>,
}

pub(crate) fn image_ref(image: &str) -> ImageRef<'_> {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    let last_slash = rest.rfind('/').map_or(0, |p| p + 1);
    let (tag, name_end) = match rest[last_slash..].rfind(':') {
        Some(p) => (Some(&rest[last_slash + p + 1..]), last_slash + p),
        None => (None, rest.len()),
    };
    let name = &rest[..name_end];
    let registry = match name.split_once('/') {
        Some((first, _)) if first.contains('.') || first.contains(':') || first == "localhost" => {
            Some(first)
        }
        _ => None,
    };
    ImageRef {
        registry,
        tag,
        digest,
    }
}

/// Whether `registry` is allowed by `allowed` (entries may be `*` or
/// `*.example.com`). Docker Hub images count as `docker.io`.
pub(crate) fn registry_allowed(registry: Option<&str>, allowed: &[String]) -> bool {
    let reg = registry.unwrap_or("docker.io");
    allowed.iter().any(|a| {
        if a == "*" {
            return true;
        }
        if let Some(suffix) = a.strip_prefix('*') {
            return reg.ends_with(suffix);
        }
        a == reg || (reg == "docker.io" && (a == "hub.docker.com" || a == "index.docker.io"))
    })
}

/// For `tool SUB pkg…`: the positional words after the subcommand when the
/// first positional word is one of `subs`. `value_flags` take a separate
/// value word (`-t bookworm`).
pub(crate) fn packages<'c>(
    cmd: &'c Command,
    subs: &[&str],
    value_flags: &[&str],
) -> Option<Vec<&'c str>> {
    let pos = cmd.positional(value_flags);
    let (first, rest) = pos.split_first()?;
    subs.contains(first).then(|| rest.to_vec())
}

/// Whether `cmd` is `name` with positional subcommand among `subs`.
pub(crate) fn is_sub(cmd: &Command, name: &str, subs: &[&str], value_flags: &[&str]) -> bool {
    cmd.name == name && packages(cmd, subs, value_flags).is_some()
}

/// Whether a `RUN` removes a path starting with `prefix` with `rm`.
pub(crate) fn removes(script: &crate::shell::Script, prefix: &str) -> bool {
    script
        .commands
        .iter()
        .any(|c| c.name == "rm" && c.arg_values().any(|a| a.starts_with(prefix)))
}

/// Whether, after the last command matching `install`, some command
/// matches `clean`.
pub(crate) fn cleaned_after(
    script: &crate::shell::Script,
    install: impl Fn(&Command) -> bool,
    clean: impl Fn(&Command) -> bool,
) -> Option<bool> {
    let last = script.commands.iter().rposition(install)?;
    Some(script.commands[last + 1..].iter().any(clean))
}

/// Whether an rpm package name carries a version (`name-1.2`, `name-1:1.2`).
pub(crate) fn rpm_versioned(p: &str) -> bool {
    let b = p.as_bytes();
    b.windows(2).any(|w| w[0] == b'-' && w[1].is_ascii_digit()) || p.ends_with(".rpm")
}
