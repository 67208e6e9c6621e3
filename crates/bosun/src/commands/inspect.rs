//! `bosun inspect`: describe an image — identity, platform, sizes,
//! configuration, and every layer with the build step that made it.

use std::io::Write;

use bosun_pipeline::{InspectSettings, OpenSettings};
use clap::{Args, ValueEnum};

use super::Context;
use crate::exit::Status;
use crate::progress::Reporter;

/// Output formats of `bosun inspect`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    /// Human-readable tables.
    Table,
    /// The `bosun.inspect/v1` JSON document.
    Json,
}

/// Arguments of `bosun inspect`.
#[derive(Debug, Args)]
#[command(after_help = "\
Image references:
  oci:DIR[:TAG|@DIGEST]      OCI image layout directory
  oci-archive:FILE[:TAG]     tar of an OCI image layout
  docker-archive:FILE[:N:T]  `docker save` archive
  dir:PATH                   root filesystem directory
  PATH                       any of the above, recognised by its content
  [registry:]NAME[:TAG][@D]  registry image (docker.io/library/ by default)

Examples:
  bosun inspect oci:./layout:v1.2
  bosun inspect --platform linux/arm64 oci:./multiarch
  bosun inspect app.tar --format json | jq .layers")]
pub(crate) struct InspectArgs {
    /// The image.
    image: String,
    /// Platform to pick from a multi-platform image (os/arch[/variant]).
    #[arg(long, env = "BOSUN_PLATFORM", value_name = "OS/ARCH[/VARIANT]")]
    platform: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    format: Format,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Limits of the layer walk, shared by every command that reads layers.
#[derive(Debug, Args)]
pub(crate) struct LimitArgs {
    /// Refuse images whose layers uncompress to more than this many bytes.
    #[arg(long, env = "BOSUN_MAX_IMAGE_BYTES", default_value_t = bosun_layers::Limits::default().max_total_bytes)]
    max_image_bytes: u64,
    /// Refuse layers with more entries than this.
    #[arg(long, env = "BOSUN_MAX_LAYER_ENTRIES", default_value_t = bosun_layers::Limits::default().max_entries_per_layer)]
    max_layer_entries: u64,
    /// Refuse entries whose path or link target is longer than this many bytes.
    #[arg(long, env = "BOSUN_MAX_PATH_LEN", default_value_t = bosun_layers::Limits::default().max_path_len)]
    max_path_len: usize,
    /// Give up resolving a path after following this many symbolic links.
    #[arg(long, env = "BOSUN_MAX_SYMLINK_HOPS", default_value_t = bosun_layers::Limits::default().max_symlink_hops)]
    max_symlink_hops: u32,
}

impl LimitArgs {
    /// The walk limits these flags set.
    pub(crate) fn limits(&self) -> bosun_layers::Limits {
        bosun_layers::Limits {
            max_total_bytes: self.max_image_bytes,
            max_entries_per_layer: self.max_layer_entries,
            max_path_len: self.max_path_len,
            max_symlink_hops: self.max_symlink_hops,
        }
    }
}

/// Runs `bosun inspect`.
pub(crate) fn run(ctx: &Context, args: InspectArgs) -> anyhow::Result<Status> {
    let settings = InspectSettings {
        open: OpenSettings {
            platform: args.platform.clone(),
            registry: ctx.registry.clone(),
        },
        limits: args.limits.limits(),
    };
    let report = bosun_pipeline::inspect(&args.image, &settings, &Reporter::new(ctx.quiet))?;
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &report)?;
            writeln!(out)?;
        }
        Format::Table => write!(out, "{}", bosun_report::inspect::render_table(&report))?,
    }
    Ok(Status::Success)
}
