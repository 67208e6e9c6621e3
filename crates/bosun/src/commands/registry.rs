//! `bosun registry login`, and the registry settings (insecure hosts, CA
//! bundle, cache directory) that every command opening a registry image
//! shares.

use std::io::{BufRead, IsTerminal};

use anyhow::{Context as _, bail};
use bosun_registry::{Credential, CredentialStore, Secret};
use clap::{Args, Subcommand};

use super::Context;
use crate::cli::GlobalArgs;
use crate::exit::Status;

/// The global flags that concern registries, carried in
/// [`Context::registry`].
pub(crate) type Settings = bosun_pipeline::RegistrySettings;

/// The registry settings from the global flags: the blob cache is
/// `--blob-cache-dir`, else `registry` under `--cache-dir`, else the
/// default.
pub(crate) fn settings(g: &GlobalArgs) -> Settings {
    Settings {
        insecure: g.insecure_registry.clone(),
        ca_file: g.ca_file.clone(),
        blob_cache_dir: g.blob_cache_dir.clone().or_else(|| {
            g.cache_dir
                .as_ref()
                .map(|r| r.join(bosun_types::dirs::REGISTRY_CACHE))
        }),
    }
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
