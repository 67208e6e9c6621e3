//! `bosun registry login`, and the registry settings (insecure hosts, CA
//! bundle, cache directory) that every command opening a registry image
//! shares.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use bosun_image::{Image, OpenOptions};
use bosun_registry::{BlobCache, Client, ClientOptions, Credential, CredentialStore, Secret};
use clap::{Args, Subcommand};

use super::Context;
use crate::cli::GlobalArgs;
use crate::exit::Status;

/// The global flags that concern registries, carried in
/// [`Context::registry`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    insecure: Vec<String>,
    ca_file: Option<PathBuf>,
    cache_dir: Option<PathBuf>,
}

impl Settings {
    /// Takes the registry-related global flags.
    pub(crate) fn new(g: &GlobalArgs) -> Self {
        Self {
            insecure: g.insecure_registry.clone(),
            ca_file: g.ca_file.clone(),
            cache_dir: g.cache_dir.clone(),
        }
    }

    /// A client with these settings and the given credential sources.
    pub(crate) fn client(&self, credentials: CredentialStore) -> anyhow::Result<Client> {
        Ok(Client::new(ClientOptions {
            insecure: self.insecure.clone(),
            ca_file: self.ca_file.clone(),
            credentials,
            ..ClientOptions::default()
        })?)
    }

    /// The blob cache.
    pub(crate) fn cache(&self) -> anyhow::Result<BlobCache> {
        let root = self
            .cache_dir
            .clone()
            .unwrap_or_else(BlobCache::default_root);
        BlobCache::open(&root).with_context(|| format!("opening the blob cache {}", root.display()))
    }
}

/// Pulls a registry image into the cache and opens it.
pub(crate) fn open(ctx: &Context, reference: &str, opts: &OpenOptions) -> anyhow::Result<Image> {
    let client = ctx.registry.client(CredentialStore::from_env())?;
    let cache = ctx.registry.cache()?;
    let (image, pulled) = bosun_registry::open_image(&client, &cache, reference, opts)?;
    if !ctx.quiet && pulled.fetched > 0 {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "pulled {}: {} blobs ({:.1} MB), {} already cached",
                pulled.top.digest,
                pulled.fetched,
                pulled.bytes as f64 / 1e6,
                pulled.cached
            );
        }
    }
    Ok(image)
}

/// `bosun registry …`
#[derive(Debug, Subcommand)]
pub(crate) enum RegistryCommand {
    /// Check credentials against a registry and store them in Docker's config.json.
    Login(LoginArgs),
}

/// Arguments of `bosun registry login`.
#[derive(Debug, Args)]
#[command(after_help = "\
Credentials are written to $DOCKER_CONFIG/config.json (default ~/.docker/config.json,
mode 0600) under `auths`, where docker, skopeo and bosun all find them.

Examples:
  echo \"$TOKEN\" | bosun registry login --username me --password-stdin ghcr.io
  bosun registry login -u admin --password-stdin localhost:5000 < pw.txt")]
pub(crate) struct LoginArgs {
    /// The registry (e.g. docker.io, ghcr.io, localhost:5000).
    registry: String,
    /// User name.
    #[arg(long, short, env = "BOSUN_REGISTRY_USERNAME")]
    username: Option<String>,
    /// Read the password from standard input (first line); else it is taken
    /// from BOSUN_REGISTRY_PASSWORD.
    #[arg(long)]
    password_stdin: bool,
}

/// Runs `bosun registry …`.
pub(crate) fn run(ctx: &Context, cmd: RegistryCommand) -> anyhow::Result<Status> {
    match cmd {
        RegistryCommand::Login(args) => login(ctx, args),
    }
}

fn login(ctx: &Context, args: LoginArgs) -> anyhow::Result<Status> {
    let Some(username) = args.username.filter(|u| !u.is_empty()) else {
        bail!("a user name is needed: --username USER");
    };
    let password = if args.password_stdin {
        let stdin = std::io::stdin();
        if stdin.is_terminal() {
            #[allow(clippy::print_stderr)]
            {
                eprint!("Password: ");
            }
        }
        let mut line = String::new();
        stdin
            .lock()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        Secret::new(line.trim_end_matches(['\r', '\n']))
    } else {
        match std::env::var("BOSUN_REGISTRY_PASSWORD") {
            Ok(p) => Secret::new(p),
            Err(_) => bail!(
                "pass the password on standard input with --password-stdin, or in BOSUN_REGISTRY_PASSWORD (never as an argument, where other users could see it)"
            ),
        }
    };
    if password.is_empty() {
        bail!("empty password");
    }
    let registry = bosun_registry::registry_name(&args.registry);
    let cred = Credential { username, password };
    let client = ctx.registry.client(CredentialStore {
        env: Some(cred.clone()),
        ..CredentialStore::default()
    })?;
    client
        .check_login(&registry, &bosun_registry::api_host(&registry))
        .with_context(|| format!("logging in to {registry}"))?;
    let path = bosun_registry::docker_config_path();
    bosun_registry::store_login(&path, &registry, &cred)?;
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "Login succeeded: credentials for {registry} stored in {}",
            path.display()
        );
    }
    Ok(Status::Success)
}
