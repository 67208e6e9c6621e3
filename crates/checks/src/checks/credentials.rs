//! CIS-DI-0010: credentials in the image configuration or by file name.
//!
//! - Variable assignments whose name looks like a secret (`PASSWORD=…`,
//!   `API_TOKEN=…`) with a non-empty value: in the final `ENV`, and in every
//!   history step (ENV steps, inline `VAR=value` before a command, BuildKit's
//!   recorded build arguments `|1 TOKEN=…`). Dockle matches substrings
//!   (`MONKEY`, `keyring==21`); bosun reads shell words, needs a shell
//!   identifier before the `=`, and matches whole name parts, so package pins
//!   and names that merely contain `KEY` are not taken for variables.
//!   References (`$VAR`), file indirections (`*_FILE`, `*_PATH`) and GPG key
//!   ids (`GPG_KEY`) are not secrets.
//! - Files named like credential stores (`credentials.json`, `id_rsa`,
//!   `.env`, `*.jks`…) written by any layer, except inside installed
//!   packages' trees (site-packages, node_modules, /usr/share…), which ship
//!   such names as code and examples.

use std::collections::BTreeMap;

use bosun_layers::{EntryKind, Op};
use bosun_types::Severity;
use bosun_types::mask::{is_secret_name, mask_value};

use super::{Check, Hit, Run};
use crate::Context;
use crate::history::words;

pub(super) const CHECK: Check = Check {
    code: "CIS-DI-0010",
    title: "Do not store credential in environment variables/files",
    severity: Severity::High,
    needs_files: false,
    explain: "\
Anything in ENV, a build argument or a file of any layer is readable by
everyone who can pull the image: `docker history` shows build arguments and
ENV, and a file deleted in a later layer is still in the earlier one.

Fix: pass secrets at run time (orchestrator secrets, mounted files), and at
build time with BuildKit secret mounts:
    RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
Rotate any credential that was ever pushed in an image.",
    run: Run::Config(run),
};

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = variables(ctx);
    if let Some(index) = ctx.index {
        for layer in 0..index.layer_count() {
            for e in index.layer_iter(layer) {
                if e.op != Op::Write || e.kind != EntryKind::File {
                    continue;
                }
                if let Some(why) = credential_file(e.path) {
                    let path = format!("/{}", e.path);
                    let removed = index.removed_in(e.path, layer);
                    let message = match removed {
                        Some(r) => {
                            format!("{why}: {path} (removed in layer {r}, still in layer {layer})")
                        }
                        None => format!("{why}: {path}"),
                    };
                    out.push(Hit {
                        message,
                        file: Some(path),
                        layer: Some(layer),
                        step: None,
                    });
                }
            }
        }
    }
    out
}

/// Whether `name=value` assigns a secret-looking value.
pub(crate) fn secret_assignment(name: &str, value: &str) -> bool {
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !ident || value.is_empty() || value.starts_with('=') || value.starts_with('$') {
        return false;
    }
    let upper = name.to_ascii_uppercase();
    if matches!(upper.as_str(), "GPG_KEY" | "GPG_KEYS")
        || ["_FILE", "_PATH", "_DIR", "_ID"]
            .iter()
            .any(|s| upper.ends_with(s) && !upper.ends_with("KEY_ID"))
    {
        return false;
    }
    is_secret_name(name) || upper.split('_').any(|p| p == "KEY" || p == "ACCESS")
}

fn variables(ctx: &Context<'_>) -> Vec<Hit> {
    // name → (masked value, last step that assigned it)
    let mut found: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    for step in &ctx.steps {
        for w in words(step.created_by) {
            let Some((name, value)) = w.split_once('=') else {
                continue;
            };
            if secret_assignment(name, value) {
                found.insert(name.to_owned(), (mask_value(value), Some(step.index)));
            }
        }
    }
    for kv in ctx.config.config.env.iter().flatten() {
        let (name, value) = kv.split_once('=').unwrap_or((kv, ""));
        if secret_assignment(name, value) {
            found
                .entry(name.to_owned())
                .or_insert_with(|| (mask_value(value), None));
        }
    }
    found
        .into_iter()
        .map(|(name, (masked, step))| Hit {
            message: format!("secret-looking variable {name}={masked}"),
            file: Some("config".into()),
            layer: None,
            step,
        })
        .collect()
}

/// Names that are credential stores wherever they are.
const NAMES: [&str; 11] = [
    "credentials.json",
    "credential.json",
    "credentials",
    "credential",
    "password.txt",
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "credentials.xml",
    ".env",
];

/// Names that hold credentials in an application but are also ordinary
/// files of frameworks.
const APP_NAMES: [&str; 5] = [
    "secret_token.rb",
    "carrierwave.rb",
    "omniauth.rb",
    "settings.py",
    "database.yml",
];

const EXTENSIONS: [&str; 16] = [
    "secret",
    "ovpn",
    "private_key",
    "cscfg",
    "rdp",
    "mdf",
    "sdf",
    "bek",
    "tpm",
    "fve",
    "jks",
    "psafe3",
    "agilekeychain",
    "keychain",
    "pcap",
    "gnucache",
];

/// Trees of installed software, whose files are code and examples.
fn in_package_tree(path: &str) -> bool {
    path.starts_with("usr/share/")
        || path.starts_with("usr/lib/")
        || path.starts_with("usr/lib64/")
        || path.starts_with("usr/local/lib/")
        || path.starts_with("usr/include/")
        || path.starts_with("opt/java/")
        || [
            "/site-packages/",
            "/dist-packages/",
            "/node_modules/",
            "/vendor/",
            "/gems/",
            "/.cargo/registry/",
            "/go/pkg/mod/",
        ]
        .iter()
        .any(|t| path.contains(t))
}

/// Why `path` (relative to the root) is a credential file, if it is.
pub(crate) fn credential_file(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let known = NAMES.contains(&name) || APP_NAMES.contains(&name);
    let ext = name
        .rsplit_once('.')
        .map(|(stem, e)| (stem, e.to_ascii_lowercase()))
        .filter(|(stem, e)| !stem.is_empty() && EXTENSIONS.contains(&e.as_str()));
    if !known && ext.is_none() {
        return None;
    }
    if in_package_tree(path) {
        return None;
    }
    Some(if known {
        format!("credential file {name}")
    } else {
        "file type that holds credentials".to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments() {
        for (n, v) in [
            ("PASS", "ADMIN"),
            ("password", "x"),
            ("API_TOKEN", "t"),
            ("AWS_SECRET_ACCESS_KEY", "k"),
            ("DB_PASSWORD", "p"),
            ("AWS_ACCESS_KEY_ID", "AKIA"),
        ] {
            assert!(secret_assignment(n, v), "{n}");
        }
        for (n, v) in [
            ("PASS", ""),
            ("GPG_KEY", "ABCD"),
            ("keyring", "=21"),
            ("MONKEY", "1"),
            ("PASSWORD_FILE", "/run/secrets/p"),
            ("TOKEN", "$TOKEN"),
            ("python3-keyring", "1.0"),
            ("KEYBOARD", "us"),
            ("HELLO", "PASS=x"),
        ] {
            assert!(!secret_assignment(n, v), "{n}");
        }
    }

    #[test]
    fn files() {
        assert!(credential_file("credentials.json").is_some());
        assert!(credential_file("app/.env").is_some());
        assert!(credential_file("root/.ssh/id_rsa").is_some());
        assert!(credential_file("srv/keystore.jks").is_some());
        assert!(credential_file("usr/lib/python3/dist-packages/x/settings.py").is_none());
        assert!(credential_file("app/node_modules/dotenv/.env").is_none());
        assert!(credential_file("app/id_rsa.pub").is_none());
        assert!(credential_file("etc/.jks").is_none());
    }
}
