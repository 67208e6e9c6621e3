//! What `bosun inspect` reports: an image's identity, configuration and
//! layers with the history step that made each, as data with a stable JSON
//! shape (`schema: "bosun.inspect/v1"`). Secrets in the
//! configuration text (environment, labels, commands, history) are masked
//! here, by [`crate::mask`], before anything is printed.

use std::collections::BTreeMap;

use bosun_image::Image;
use serde::Serialize;

use crate::mask::{mask_args, mask_command, mask_env, mask_label};
use crate::walk::{Walk, Warning};

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
    pub compression: Option<bosun_image::Compression>,
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

impl Inspection {
    /// Builds the report from an opened image and its walk.
    pub fn new(image: &Image, walk: &Walk) -> Self {
        let cfg = &image.config.config;
        let env = cfg
            .env
            .iter()
            .flatten()
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let (value, masked) = mask_env(k, v);
                EnvVar {
                    name: k.to_owned(),
                    value,
                    masked,
                }
            })
            .collect();
        let layers: Vec<LayerSummary> = if image.rootfs.is_some() {
            Vec::new()
        } else {
            image
                .layers
                .iter()
                .map(|l| {
                    let rep = walk.layers.get(l.index);
                    let digests = rep.and_then(|r| r.digests.as_ref());
                    LayerSummary {
                        index: l.index,
                        digest: l
                            .digest
                            .as_ref()
                            .map(ToString::to_string)
                            .or_else(|| digests?.blob.digest.as_ref().map(ToString::to_string)),
                        diff_id: l.diff_id.as_ref().map(ToString::to_string),
                        media_type: l.media_type.clone(),
                        compression: digests.map(|d| d.compression),
                        size: l.size,
                        uncompressed_size: rep.map_or(0, |r| r.uncompressed_size),
                        entries: rep.map_or(0, |r| r.entries),
                        files: rep.map_or(0, |r| r.files),
                        history_index: l.history,
                        created_by: l
                            .history
                            .and_then(|h| image.config.history.get(h))
                            .and_then(|h| h.created_by.as_deref())
                            .map(mask_command),
                    }
                })
                .collect()
        };
        let layer_of_step: BTreeMap<usize, usize> = image
            .layers
            .iter()
            .filter_map(|l| Some((l.history?, l.index)))
            .collect();
        let history = image
            .config
            .history
            .iter()
            .enumerate()
            .map(|(i, h)| HistoryStep {
                index: i,
                created: h.created.clone(),
                created_by: h.created_by.as_deref().map(mask_command),
                empty_layer: h.empty_layer,
                layer: layer_of_step.get(&i).copied(),
                comment: h.comment.clone(),
            })
            .collect();
        Self {
            schema: INSPECT_SCHEMA,
            reference: image.reference.to_string(),
            transport: image.reference.transport(),
            index_digest: image.index_digest.as_ref().map(ToString::to_string),
            manifest_digest: image.manifest_digest.as_ref().map(ToString::to_string),
            manifest_media_type: image.manifest_media_type.clone(),
            config_digest: image.config_digest.as_ref().map(ToString::to_string),
            platform: image.platform().map(|p| p.to_string()),
            created: image.config.created.clone(),
            size: Sizes {
                compressed: image.layers.iter().map(|l| l.size).sum(),
                uncompressed: walk.layers.iter().map(|l| l.uncompressed_size).sum(),
                final_paths: walk.index.len(),
                files_written: walk.layers.iter().map(|l| l.files).sum(),
            },
            config: ConfigSummary {
                user: cfg.user.clone().filter(|u| !u.is_empty()),
                entrypoint: cfg.entrypoint.as_deref().map(mask_args),
                cmd: cfg.cmd.as_deref().map(mask_args),
                working_dir: cfg.working_dir.clone().filter(|w| !w.is_empty()),
                env,
                exposed_ports: cfg
                    .exposed_ports
                    .iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
                    .collect(),
                volumes: cfg
                    .volumes
                    .iter()
                    .flatten()
                    .map(|(k, _)| k.clone())
                    .collect(),
                healthcheck: cfg
                    .healthcheck
                    .as_ref()
                    .and_then(|h| h.test.as_deref())
                    .map(mask_args),
                labels: cfg
                    .labels
                    .iter()
                    .flatten()
                    .map(|(k, v)| (k.clone(), mask_label(k, v)))
                    .collect(),
                stop_signal: cfg.stop_signal.clone(),
            },
            layers,
            history,
            warnings: walk.warnings.clone(),
        }
    }
}
