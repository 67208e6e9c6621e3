//! Where credentials come from, in order: the `BOSUN_REGISTRY_USERNAME` /
//! `BOSUN_REGISTRY_PASSWORD` environment variables (for CI; limited to one
//! registry by `BOSUN_REGISTRY`), containers' `auth.json`
//! (`REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`),
//! then Docker's `config.json` (`$DOCKER_CONFIG`, else `~/.docker`):
//! `credHelpers`, `auths`, `credsStore`. Helpers are run as
//! `docker-credential-NAME get`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::reference::DOCKER_HUB;
use crate::secret::Secret;

/// The key Docker uses for Docker Hub in `config.json`.
const DOCKER_HUB_KEY: &str = "https://index.docker.io/v1/";

/// A user name and password (or token) for one registry.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The user name.
    pub username: String,
    /// The password, or an identity token.
    pub password: Secret,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credential")
            .field("username", &self.username)
            .field("password", &self.password)
            .finish()
    }
}

/// Where to look for credentials; [`CredentialStore::from_env`] reads the
/// process environment, tests build their own.
#[derive(Debug, Clone, Default)]
pub struct CredentialStore {
    /// `BOSUN_REGISTRY_USERNAME` / `BOSUN_REGISTRY_PASSWORD`.
    pub env: Option<Credential>,
    /// `BOSUN_REGISTRY`: the only registry the environment credential is for.
    pub env_registry: Option<String>,
    /// containers' `auth.json`.
    pub auth_file: Option<PathBuf>,
    /// Docker's `config.json`.
    pub docker_config: Option<PathBuf>,
    /// Where `docker-credential-*` helpers are; `None` searches `PATH`.
    pub helper_dir: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfigFile {
    #[serde(default)]
    auths: BTreeMap<String, AuthEntry>,
    #[serde(default)]
    creds_store: Option<String>,
    #[serde(default)]
    cred_helpers: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
struct AuthEntry {
    #[serde(default)]
    auth: Option<Secret>,
    #[serde(default)]
    username: Option<String>,
    #[serde(default)]
    password: Option<Secret>,
    #[serde(default)]
    identitytoken: Option<Secret>,
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        String::deserialize(d).map(Secret::new)
    }
}

impl CredentialStore {
    /// The credential sources of this process's environment.
    pub fn from_env() -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let env = match (
            var("BOSUN_REGISTRY_USERNAME"),
            var("BOSUN_REGISTRY_PASSWORD"),
        ) {
            (Some(username), Some(p)) => Some(Credential {
                username,
                password: Secret::new(p),
            }),
            _ => None,
        };
        let auth_file = var("REGISTRY_AUTH_FILE").map(PathBuf::from).or_else(|| {
            var("XDG_RUNTIME_DIR").map(|d| PathBuf::from(d).join("containers/auth.json"))
        });
        Self {
            env,
            env_registry: var("BOSUN_REGISTRY"),
            auth_file,
            docker_config: Some(docker_config_path()),
            helper_dir: None,
        }
    }

    /// The credential for `registry` (as named in references, e.g.
    /// `docker.io`, `localhost:5000`) and `repository`, if any source has one.
    pub fn lookup(&self, registry: &str, repository: &str) -> Result<Option<Credential>> {
        if let Some(c) = &self.env {
            let applies = self
                .env_registry
                .as_deref()
                .is_none_or(|r| same_registry(&normalize_key(r), registry));
            if applies {
                return Ok(Some(c.clone()));
            }
        }
        if let Some(path) = &self.auth_file
            && let Some(cfg) = read_config(path)?
        {
            if let Some(c) = from_auths(&cfg, registry, repository, path)? {
                return Ok(Some(c));
            }
            if let Some(h) = helper_for(&cfg.cred_helpers, registry) {
                return self.run_helper(h, registry);
            }
        }
        if let Some(path) = &self.docker_config
            && let Some(cfg) = read_config(path)?
        {
            if let Some(h) = helper_for(&cfg.cred_helpers, registry) {
                return self.run_helper(h, registry);
            }
            if let Some(c) = from_auths(&cfg, registry, repository, path)? {
                return Ok(Some(c));
            }
            if let Some(store) = &cfg.creds_store {
                return self.run_helper(store, registry);
            }
        }
        Ok(None)
    }
}

/// `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`.
pub fn docker_config_path() -> PathBuf {
    let dir = match std::env::var_os("DOCKER_CONFIG") {
        Some(d) if !d.is_empty() => PathBuf::from(d),
        _ => home().join(".docker"),
    };
    dir.join("config.json")
}

fn home() -> PathBuf {
    std::env::var_os("HOME").map_or_else(|| PathBuf::from("/"), PathBuf::from)
}

fn read_config(path: &Path) -> Result<Option<ConfigFile>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(path, e)),
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    // serde_json's message quotes no input, so a malformed file cannot leak
    // a secret through it.
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| Error::Credentials(format!("{}: invalid JSON: {e}", path.display())))
}

/// Reduces a config key (`https://host/v1/`, `host`, `host/ns/repo`) to
/// `host[/path]` without scheme or trailing slash.
fn normalize_key(key: &str) -> String {
    let k = key
        .strip_prefix("https://")
        .or_else(|| key.strip_prefix("http://"))
        .unwrap_or(key);
    let k = k.trim_end_matches('/');
    // Docker's legacy keys end in the API version, which names no repository.
    let k = k
        .strip_suffix("/v1")
        .or_else(|| k.strip_suffix("/v2"))
        .unwrap_or(k);
    k.to_owned()
}

fn same_registry(key_host: &str, registry: &str) -> bool {
    let hub = |h: &str| matches!(h, DOCKER_HUB | "index.docker.io" | "registry-1.docker.io");
    key_host == registry || (hub(key_host) && hub(registry))
}

fn from_auths(
    cfg: &ConfigFile,
    registry: &str,
    repository: &str,
    path: &Path,
) -> Result<Option<Credential>> {
    // The most specific key wins: `host/ns/repo`, then `host/ns`, then `host`.
    let mut best: Option<(usize, &AuthEntry)> = None;
    for (key, entry) in &cfg.auths {
        let k = normalize_key(key);
        let (host, path_part) = match k.split_once('/') {
            Some((h, p)) => (h, Some(p)),
            None => (k.as_str(), None),
        };
        if !same_registry(host, registry) {
            continue;
        }
        let specificity = match path_part {
            None => 0,
            Some(p) if repository == p || repository.starts_with(&format!("{p}/")) => p.len() + 1,
            Some(_) => continue,
        };
        if best.is_none_or(|(s, _)| specificity > s) {
            best = Some((specificity, entry));
        }
    }
    let Some((_, e)) = best else { return Ok(None) };
    decode_entry(e, path)
}

fn decode_entry(e: &AuthEntry, path: &Path) -> Result<Option<Credential>> {
    if let Some(auth) = e.auth.as_ref().filter(|a| !a.is_empty()) {
        let bad = || {
            Error::Credentials(format!(
                "{}: an `auth` value is not base64 of USER:PASSWORD",
                path.display()
            ))
        };
        let raw = B64.decode(auth.expose().trim()).map_err(|_| bad())?;
        let s = String::from_utf8(raw).map_err(|_| bad())?;
        let (u, p) = s.split_once(':').ok_or_else(bad)?;
        return Ok(Some(Credential {
            username: u.to_owned(),
            password: Secret::new(p),
        }));
    }
    if let Some(t) = e.identitytoken.as_ref().filter(|t| !t.is_empty()) {
        return Ok(Some(Credential {
            username: "<token>".to_owned(),
            password: t.clone(),
        }));
    }
    match (&e.username, &e.password) {
        (Some(u), Some(p)) if !u.is_empty() => Ok(Some(Credential {
            username: u.clone(),
            password: p.clone(),
        })),
        _ => Ok(None),
    }
}

fn helper_for<'a>(helpers: &'a BTreeMap<String, String>, registry: &str) -> Option<&'a str> {
    helpers
        .iter()
        .find(|(k, _)| same_registry(&normalize_key(k), registry))
        .map(|(_, v)| v.as_str())
}

fn server_url(registry: &str) -> &str {
    if same_registry(registry, DOCKER_HUB) {
        DOCKER_HUB_KEY
    } else {
        registry
    }
}

impl CredentialStore {
    /// Runs `docker-credential-NAME get`. A helper that knows no credentials
    /// for the registry is not an error (it says so on stdout and exits 1).
    fn run_helper(&self, name: &str, registry: &str) -> Result<Option<Credential>> {
        if name.is_empty() || name.contains(['/', '\\']) {
            return Err(Error::Credentials(format!(
                "invalid credential helper name {name:?}"
            )));
        }
        let program = format!("docker-credential-{name}");
        let exe = match &self.helper_dir {
            Some(d) => d.join(&program),
            None => PathBuf::from(&program),
        };
        let child = Command::new(&exe)
            .arg("get")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn();
        let mut child = match child {
            Ok(c) => c,
            // A config naming a helper that is not installed (Docker Desktop's
            // `desktop` on a CI machine) must not stop anonymous pulls.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(Error::Credentials(format!(
                    "cannot run {program} for {registry}: {e}"
                )));
            }
        };
        if let Some(mut stdin) = child.stdin.take() {
            // A helper that exits without reading makes this fail; its exit status says why.
            let _ = stdin.write_all(server_url(registry).as_bytes());
        }
        let out = child
            .wait_with_output()
            .map_err(|e| Error::Credentials(format!("{program}: {e}")))?;
        if !out.status.success() {
            let msg = String::from_utf8_lossy(&out.stdout);
            if msg.to_ascii_lowercase().contains("credentials not found") {
                return Ok(None);
            }
            return Err(Error::Credentials(format!(
                "{program} get failed for {registry} ({})",
                out.status
            )));
        }
        #[derive(Deserialize)]
        struct HelperOut {
            #[serde(rename = "Username", default)]
            username: String,
            #[serde(rename = "Secret")]
            secret: Secret,
        }
        let h: HelperOut = serde_json::from_slice(&out.stdout).map_err(|_| {
            Error::Credentials(format!("{program} printed no valid credentials JSON"))
        })?;
        Ok(Some(Credential {
            username: h.username,
            password: h.secret,
        }))
    }
}

/// Stores a credential in a Docker `config.json` under `auths` (as
/// `docker login` does without a credential store), creating the file with
/// mode 0600 and keeping every other key.
pub fn store_login(config: &Path, registry: &str, cred: &Credential) -> Result<()> {
    let mut doc: serde_json::Value = match std::fs::read(config) {
        Ok(b) if !b.iter().all(u8::is_ascii_whitespace) => serde_json::from_slice(&b)
            .map_err(|e| Error::Credentials(format!("{}: invalid JSON: {e}", config.display())))?,
        Ok(_) => serde_json::json!({}),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => serde_json::json!({}),
        Err(e) => return Err(Error::io(config, e)),
    };
    let obj = doc
        .as_object_mut()
        .ok_or_else(|| Error::Credentials(format!("{}: not a JSON object", config.display())))?;
    let auths = obj
        .entry("auths")
        .or_insert_with(|| serde_json::json!({}))
        .as_object_mut()
        .ok_or_else(|| {
            Error::Credentials(format!("{}: `auths` is not an object", config.display()))
        })?;
    let key = server_url(registry).to_owned();
    let encoded = B64.encode(format!("{}:{}", cred.username, cred.password.expose()));
    auths.insert(key, serde_json::json!({ "auth": encoded }));
    let dir = config.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let bytes = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Credentials(e.to_string()))?;
    let tmp = dir.join(format!(".config.json.{}.tmp", std::process::id()));
    write_private(&tmp, &bytes)?;
    std::fs::rename(&tmp, config).map_err(|e| Error::io(config, e))
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let mut f = o.open(path).map_err(|e| Error::io(path, e))?;
    f.write_all(bytes).map_err(|e| Error::io(path, e))?;
    f.sync_all().map_err(|e| Error::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, docker: &str, auth_json: Option<&str>) -> CredentialStore {
        let dc = dir.join("config.json");
        std::fs::write(&dc, docker).unwrap();
        let af = auth_json.map(|a| {
            let p = dir.join("auth.json");
            std::fs::write(&p, a).unwrap();
            p
        });
        CredentialStore {
            env: None,
            env_registry: None,
            auth_file: af,
            docker_config: Some(dc),
            helper_dir: None,
        }
    }

    fn user(c: Option<Credential>) -> Option<(String, String)> {
        c.map(|c| (c.username, c.password.expose().to_owned()))
    }

    #[test]
    fn docker_config_auths() {
        let t = tempfile::tempdir().unwrap();
        let s = store(
            t.path(),
            r#"{"auths": {
                "https://index.docker.io/v1/": {"auth": "aHViOnB3"},
                "ghcr.io": {"username": "u", "password": "p"},
                "localhost:5000/team": {"auth": "dGVhbTp0"},
                "localhost:5000": {"auth": "YWxsOmE="}
            }}"#,
            None,
        );
        assert_eq!(
            user(s.lookup("docker.io", "library/python").unwrap()),
            Some(("hub".into(), "pw".into()))
        );
        assert_eq!(
            user(s.lookup("ghcr.io", "o/a").unwrap()),
            Some(("u".into(), "p".into()))
        );
        assert_eq!(
            user(s.lookup("localhost:5000", "team/x").unwrap()),
            Some(("team".into(), "t".into()))
        );
        assert_eq!(
            user(s.lookup("localhost:5000", "other").unwrap()),
            Some(("all".into(), "a".into()))
        );
        assert_eq!(user(s.lookup("quay.io", "x").unwrap()), None);
    }

    #[test]
    fn auth_file_first_then_env_first() {
        let t = tempfile::tempdir().unwrap();
        let mut s = store(
            t.path(),
            r#"{"auths": {"r.io": {"auth": "ZG9ja2VyOmQ="}}}"#,
            Some(r#"{"auths": {"r.io": {"auth": "cG9kbWFuOnA="}}}"#),
        );
        assert_eq!(user(s.lookup("r.io", "x").unwrap()).unwrap().0, "podman");
        s.env = Some(Credential {
            username: "ci".into(),
            password: Secret::new("c"),
        });
        s.env_registry = Some("other.io".into());
        assert_eq!(user(s.lookup("r.io", "x").unwrap()).unwrap().0, "podman");
        s.env_registry = Some("https://r.io".into());
        assert_eq!(user(s.lookup("r.io", "x").unwrap()).unwrap().0, "ci");
    }

    #[test]
    fn helper_runs() {
        let t = tempfile::tempdir().unwrap();
        let bin = t.path().join("bin");
        std::fs::create_dir(&bin).unwrap();
        let helper = bin.join("docker-credential-bosuntest");
        std::fs::write(
            &helper,
            "#!/bin/sh\nread url\nif [ \"$url\" = r.io ]; then echo '{\"Username\":\"h\",\"Secret\":\"s3\"}'; else echo 'credentials not found in native keychain'; exit 1; fi\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut s = store(t.path(), r#"{"credsStore": "bosuntest"}"#, None);
        s.helper_dir = Some(bin);
        assert_eq!(
            user(s.lookup("r.io", "x").unwrap()),
            Some(("h".into(), "s3".into()))
        );
        assert_eq!(user(s.lookup("q.io", "x").unwrap()), None);
        let s = store(
            t.path(),
            r#"{"credHelpers": {"r.io": "nonexistent-bosun-helper"}}"#,
            None,
        );
        assert_eq!(
            user(s.lookup("r.io", "x").unwrap()),
            None,
            "a missing helper means no credentials"
        );
        assert_eq!(user(s.lookup("q.io", "x").unwrap()), None);
    }

    #[test]
    fn login_writes_private_file() {
        let t = tempfile::tempdir().unwrap();
        let p = t.path().join("d/config.json");
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(
            &p,
            r#"{"credsStore": "", "auths": {"x.io": {"auth": "eDp5"}}, "other": 1}"#,
        )
        .unwrap();
        store_login(
            &p,
            "docker.io",
            &Credential {
                username: "me".into(),
                password: Secret::new("pw"),
            },
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        assert_eq!(
            v["auths"]["https://index.docker.io/v1/"]["auth"],
            "bWU6cHc="
        );
        assert_eq!(v["auths"]["x.io"]["auth"], "eDp5");
        assert_eq!(v["other"], 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let s = CredentialStore {
            docker_config: Some(p),
            ..Default::default()
        };
        assert_eq!(
            user(s.lookup("docker.io", "library/x").unwrap()),
            Some(("me".into(), "pw".into()))
        );
    }
}
