//! What `bosun inspect` reports, as data with a stable JSON shape
//! (`schema: "bosun.inspect/v1"`): an image's identity, configuration and
//! layers with the history step that made each. `bosun-layers` builds it
//! (masking secret-looking values first); `bosun-report` renders it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How a layer blob is compressed, as detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    /// A plain tar.
    None,
    /// gzip.
    Gzip,
    /// zstd.
    Zstd,
}

/// Something odd but not fatal in a layer: a refused entry, an oversized
/// requested file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The layer.
    pub layer: usize,
    /// The entry's path as stored (lossily decoded).
    pub path: String,
    /// What happened.
    pub reason: String,
}

/// The identifier of this JSON shape; bumped on incompatible changes.
pub const INSPECT_SCHEMA: &str = "bosun.inspect/v1";

/// An inspected image.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    /// Always [`INSPECT_SCHEMA`].
    pub schema: &'static str,
    /// The reference as resolved (`oci:DIR:TAG`…).
    pub reference: String,
    /// `oci`, `oci-archive`, `docker-archive` or `dir`.
    pub transport: &'static str,
    /// Digest of the index the image was chosen from.
    pub index_digest: Option<String>,
    /// Digest of the image manifest.
    pub manifest_digest: Option<String>,
    /// Media type of the manifest.
    pub manifest_media_type: Option<String>,
    /// Digest of the configuration (the image id).
    pub config_digest: Option<String>,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
    /// Creation time from the configuration.
    pub created: Option<String>,
    /// Totals.
    pub size: Sizes,
    /// The runtime configuration.
    pub config: ConfigSummary,
    /// Layers, base first.
    pub layers: Vec<LayerSummary>,
    /// Every build step, empty ones included, with the layer it made.
    pub history: Vec<HistoryStep>,
    /// Entries refused or skipped during the walk.
    pub warnings: Vec<Warning>,
}

/// Size totals.
#[derive(Debug, Clone, Serialize)]
pub struct Sizes {
    /// Sum of the layer blobs as stored.
    pub compressed: u64,
    /// Sum of the uncompressed layer tars.
    pub uncompressed: u64,
    /// Paths present in the final filesystem.
    pub final_paths: usize,
    /// Regular files written across all layers.
    pub files_written: u64,
}

/// The runtime configuration, with secrets masked.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ConfigSummary {
    /// The user; `None` means root.
    pub user: Option<String>,
    /// Entrypoint.
    pub entrypoint: Option<Vec<String>>,
    /// Command.
    pub cmd: Option<Vec<String>>,
    /// Working directory.
    pub working_dir: Option<String>,
    /// Environment variables in order.
    pub env: Vec<EnvVar>,
    /// Exposed ports (`80/tcp`).
    pub exposed_ports: Vec<String>,
    /// Volumes.
    pub volumes: Vec<String>,
    /// The health check command, if any (`NONE` disables an inherited one).
    pub healthcheck: Option<Vec<String>>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Stop signal.
    pub stop_signal: Option<String>,
}

/// One environment variable.
#[derive(Debug, Clone, Serialize)]
pub struct EnvVar {
    /// The name.
    pub name: String,
    /// The value: `********` when the name looks secret, with URL
    /// credentials masked otherwise.
    pub value: String,
    /// True when anything in the value was hidden.
    pub masked: bool,
}

/// One layer.
#[derive(Debug, Clone, Serialize)]
pub struct LayerSummary {
    /// Position, base 0.
    pub index: usize,
    /// Blob digest (as computed when the source does not record it).
    pub digest: Option<String>,
    /// Uncompressed digest.
    pub diff_id: Option<String>,
    /// Media type from the manifest.
    pub media_type: String,
    /// Compression detected from the blob's bytes.
    pub compression: Option<Compression>,
    /// Blob size.
    pub size: u64,
    /// Uncompressed size.
    pub uncompressed_size: u64,
    /// Tar entries.
    pub entries: u64,
    /// Regular files.
    pub files: u64,
    /// Index of the history step that made it.
    pub history_index: Option<usize>,
    /// That step's command.
    pub created_by: Option<String>,
}

/// One build step.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryStep {
    /// Position in the configuration's history.
    pub index: usize,
    /// When.
    pub created: Option<String>,
    /// The command.
    pub created_by: Option<String>,
    /// Whether it made no layer.
    pub empty_layer: bool,
    /// The layer it made.
    pub layer: Option<usize>,
    /// Comment.
    pub comment: Option<String>,
}
