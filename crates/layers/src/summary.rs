//! What `bosun inspect` reports: an image's identity, configuration and
//! layers with the history step that made each, as data with a stable JSON
//! shape (`schema: "bosun.inspect/v1"`). Values of secret-looking
//! environment variables are masked here, before anything is printed.

use std::collections::BTreeMap;

use bosun_image::Image;

use crate::walk::Walk;

pub use bosun_types::inspect::{
    ConfigSummary, EnvVar, HistoryStep, INSPECT_SCHEMA, Inspection, LayerSummary, Sizes,
};

/// Whether an environment variable's name suggests a secret value.
pub fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_uppercase();
    const WORDS: [&str; 10] = [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "APIKEY",
        "API_KEY",
        "ACCESS_KEY",
        "PRIVATE",
        "CREDENTIAL",
        "AUTH",
    ];
    WORDS.iter().any(|w| n.contains(w)) || n.ends_with("_KEY") || n == "KEY" || n.ends_with("_PASS")
}

const MASK: &str = "********";

/// Masks `KEY=VALUE` words of secret-looking keys in a build step's command
/// (`ENV API_TOKEN=…`, BuildKit's `|1 TOKEN=… /bin/sh -c …` build-arg
/// prefix): history is as public as the image.
pub fn mask_command(cmd: &str) -> String {
    let mut out = String::with_capacity(cmd.len());
    let mut rest = cmd;
    while !rest.is_empty() {
        let ws = rest.len() - rest.trim_start().len();
        out.push_str(&rest[..ws]);
        rest = &rest[ws..];
        let end = word_end(rest);
        let word = &rest[..end];
        rest = &rest[end..];
        match word.split_once('=') {
            Some((k, v))
                if !v.is_empty() && is_secret_name(k.trim_start_matches(['-', '"', '\''])) =>
            {
                out.push_str(k);
                out.push('=');
                out.push_str(MASK);
            }
            _ => out.push_str(word),
        }
    }
    out
}

/// End of a shell-ish word: whitespace outside quotes.
fn word_end(s: &str) -> usize {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    s.len()
}

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
                let masked = is_secret_name(k) && !v.is_empty();
                EnvVar {
                    name: k.to_owned(),
                    value: if masked {
                        MASK.to_owned()
                    } else {
                        v.to_owned()
                    },
                    masked,
                }
            })
            .collect();
        ConfigSummary {
            user: cfg.user.clone().filter(|u| !u.is_empty()),
            entrypoint: cfg.entrypoint.clone(),
            cmd: cfg.cmd.clone(),
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
            healthcheck: cfg.healthcheck.as_ref().and_then(|h| h.test.clone()),
            labels: cfg.labels.clone().unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for s in [
            "DB_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "GITHUB_TOKEN",
            "api_key",
            "NPM_AUTH",
            "SIGNING_KEY",
            "MYSQL_ROOT_PASS",
        ] {
            assert!(is_secret_name(s), "{s}");
        }
        assert_eq!(
            mask_command("/bin/sh -c #(nop)  ENV API_TOKEN=abc A=b DB_PASSWORD=\"x y\""),
            "/bin/sh -c #(nop)  ENV API_TOKEN=******** A=b DB_PASSWORD=********"
        );
        assert_eq!(
            mask_command("|1 NPM_TOKEN=abc /bin/sh -c npm ci"),
            "|1 NPM_TOKEN=******** /bin/sh -c npm ci"
        );
        for s in ["PATH", "HOME", "LANG", "PYTHON_VERSION", "PWD", "KEYBOARD"] {
            assert!(!is_secret_name(s), "{s}");
        }
    }
}
