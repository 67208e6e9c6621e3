//! What `bosun inspect` reports: an image's identity, configuration and
//! layers with the history step that made each, as data with a stable JSON
//! shape (`schema: "bosun.inspect/v1"`). Secrets in the configuration text
//! (environment, labels, commands, history) are masked here, by
//! [`crate::mask`], before anything is printed.

use std::collections::BTreeMap;

use bosun_image::Image;

use crate::mask::{mask_args, mask_command, mask_env, mask_label};
use crate::walk::Walk;

pub use bosun_types::inspect::{
    ConfigSummary, EnvVar, HistoryStep, INSPECT_SCHEMA, Inspection, LayerSummary, Sizes,
};

/// The runtime configuration of `image`, secrets masked. Needs no walk,
/// so a cached catalog has it too.
pub fn config_summary(image: &Image) -> ConfigSummary {
    {
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
        ConfigSummary {
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
        }
    }
}

/// Builds the report from an opened image and its walk.
pub fn inspection(image: &Image, walk: &Walk) -> Inspection {
    {
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
        Inspection {
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
            config: config_summary(image),
            layers,
            history,
            warnings: walk.warnings.clone(),
        }
    }
}
