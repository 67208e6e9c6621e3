//! One module per subcommand; `run` dispatches.

pub(crate) mod cache;
pub(crate) mod catalog;
pub(crate) mod copy;
pub(crate) mod db;
pub(crate) mod debug;
pub(crate) mod explain;
pub(crate) mod gate;
pub(crate) mod inspect;
pub(crate) mod lint;
pub(crate) mod policy;
pub(crate) mod promote;
pub(crate) mod registry;
pub(crate) mod sbom;
pub(crate) mod scan;

use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::exit::Status;

/// Runs the command the user asked for.
pub(crate) fn run(cli: Cli) -> anyhow::Result<Status> {
    let config = Config::load(cli.global.config.as_deref())?;
    let ctx = Context {
        config,
        quiet: cli.global.quiet,
        color: crate::progress::color_enabled(cli.global.no_color),
        registry: registry::settings(&cli.global),
        catalog_cache_dir: cli.global.catalog_cache_dir.clone().or_else(|| {
            cli.global
                .cache_dir
                .as_ref()
                .map(|r| r.join(bosun_types::dirs::CATALOG_CACHE))
        }),
        db: cli.global.db,
    };
    match cli.command {
        Command::Inspect(args) => inspect::run(&ctx, args),
        Command::Lint(args) => lint::run(&ctx, args),
        Command::Sbom(args) => sbom::run(&ctx, args),
        Command::Scan(args) => scan::run(&ctx, args),
        Command::Explain(args) => explain::run(&ctx, args),
        Command::Gate(args) => gate::run(&ctx, args),
        Command::Policy(cmd) => policy::run(&ctx, cmd),
        Command::Promote(args) => promote::run(&ctx, args),
        Command::Copy(args) => copy::run(&ctx, args),
        Command::Registry(cmd) => registry::run(&ctx, cmd),
        Command::Cache(cmd) => cache::run(&ctx, cmd),
        Command::Db(cmd) => db::run(&ctx, cmd),
        Command::Debug(cmd) => debug::run(&ctx, cmd),
    }
}

/// What every command may need besides its own arguments.
#[derive(Debug)]
pub(crate) struct Context {
    /// The loaded configuration file (defaults when there is none).
    pub(crate) config: Config,
    /// `--db` / `BOSUN_DB`, when given.
    pub(crate) db: Option<std::path::PathBuf>,
    /// Progress bars suppressed.
    pub(crate) quiet: bool,
    /// Colour allowed on stdout.
    pub(crate) color: bool,
    /// Registry flags (insecure hosts, CA bundle, blob cache directory).
    pub(crate) registry: registry::Settings,
    /// `--catalog-cache-dir`, else `layers/` under `--cache-dir`, when given.
    pub(crate) catalog_cache_dir: Option<std::path::PathBuf>,
}
