//! The command line: global flags and the list of subcommands. Each
//! subcommand's own flags live beside its implementation in `commands/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands;

const EXAMPLES: &str = "\
Examples:
  bosun inspect oci:./image:latest          Describe an image in an OCI layout
  bosun inspect docker-archive:app.tar      Describe an image saved by `docker save`
  bosun inspect ./rootfs --format json      Describe a root filesystem directory, as JSON
  bosun inspect python:3.12-slim            Pull from a registry (cached) and describe
  bosun copy ghcr.io/org/app:1 oci:./app:1  Copy an image, keeping its digest
  bosun lint Dockerfile                     Lint a Dockerfile
  bosun sbom oci:./image -f cyclonedx-json  Software bill of materials of an image
  bosun scan oci:./image --fail-on high     Known vulnerabilities; exit 1 at HIGH or above
  bosun explain CVE-2023-45853 oci:./image  Why a vulnerability is reported
  bosun gate oci:./image --policy strict.yaml  Go, warn or stop by a policy file
  bosun debug compare Debian 1.0-1 1.0~rc1  Compare two versions as an ecosystem does

Exit status: 0 passed, 1 a gate or policy failed, 2 usage or runtime error.";

/// bosun: tells a team whether a container image is safe to ship.
#[derive(Debug, Parser)]
#[command(name = "bosun", version, about, after_help = EXAMPLES)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Flags that every subcommand accepts.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Configuration file (default: `.bosun.yaml` in the current directory, if present).
    #[arg(long, global = true, env = "BOSUN_CONFIG", value_name = "FILE")]
    pub(crate) config: Option<PathBuf>,
    /// Never show progress bars.
    #[arg(long, short, global = true, env = "BOSUN_QUIET", value_parser = clap::builder::BoolishValueParser::new())]
    pub(crate) quiet: bool,
    /// Vulnerability database file (default: `$XDG_CACHE_HOME/bosun/`, else `~/.cache/bosun/`).
    #[arg(long, global = true, env = "BOSUN_DB", value_name = "PATH")]
    pub(crate) db: Option<PathBuf>,
    /// Disable colours (also honoured: the `NO_COLOR` environment variable).
    #[arg(long, global = true)]
    pub(crate) no_color: bool,
    /// Registry (HOST or HOST:PORT) allowed plain HTTP or unverified TLS; repeatable.
    #[arg(
        long,
        global = true,
        env = "BOSUN_INSECURE_REGISTRY",
        value_name = "HOST[:PORT]",
        value_delimiter = ','
    )]
    pub(crate) insecure_registry: Vec<String>,
    /// Extra CA certificates (PEM bundle) to trust for registries.
    #[arg(long, global = true, env = "BOSUN_CA_FILE", value_name = "FILE")]
    pub(crate) ca_file: Option<PathBuf>,
    /// Cache root: the blob cache is `registry/` and the catalog cache `layers/` under it
    /// (default: `$XDG_CACHE_HOME/bosun`, else `~/.cache/bosun`).
    #[arg(long, global = true, env = "BOSUN_CACHE_DIR", value_name = "DIR")]
    pub(crate) cache_dir: Option<PathBuf>,
    /// Registry blob cache (default: `registry/` under the cache root).
    #[arg(long, global = true, env = "BOSUN_BLOB_CACHE_DIR", value_name = "DIR")]
    pub(crate) blob_cache_dir: Option<PathBuf>,
    /// Catalog result cache, per image and per layer (default: `layers/` under the cache root).
    #[arg(
        long,
        global = true,
        env = "BOSUN_CATALOG_CACHE_DIR",
        value_name = "DIR"
    )]
    pub(crate) catalog_cache_dir: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Describe an image: digest, platform, config and layers.
    Inspect(commands::inspect::InspectArgs),
    /// Lint Dockerfiles against best practice (hadolint-compatible codes).
    Lint(commands::lint::LintArgs),
    /// List the software in an image: distribution and OS packages, as CycloneDX, SPDX, JSON or a table.
    Sbom(commands::sbom::SbomArgs),
    /// Find known vulnerabilities in an image, a directory or an SBOM.
    Scan(commands::scan::ScanArgs),
    /// Show why a vulnerability is (or is not) reported: package, layer, range, comparison.
    Explain(commands::explain::ExplainArgs),
    /// Evaluate an image against a policy: go, warn or stop.
    Gate(commands::gate::GateArgs),
    /// Gate an image and, when it passes, copy it (by digest) to its destination.
    Promote(commands::promote::PromoteArgs),
    /// Policy files: check one, print the JSON Schema, explain a rule kind.
    #[command(subcommand)]
    Policy(commands::policy::PolicyCommand),
    /// Copy an image between registries and OCI layouts, keeping its digest.
    Copy(commands::copy::CopyArgs),
    /// Registry credentials.
    #[command(subcommand)]
    Registry(commands::registry::RegistryCommand),
    /// Manage the registry blob cache.
    #[command(subcommand)]
    Cache(commands::cache::CacheCommand),
    /// Manage the local vulnerability database.
    #[command(subcommand)]
    Db(commands::db::DbCommand),
    /// Tools for checking bosun's internals against other implementations.
    #[command(subcommand)]
    Debug(commands::debug::DebugCommand),
}
