//! Opening a docker archive (`docker save`, as a tar or extracted): its
//! `manifest.json`, the configuration and layers it names, and for Docker
//! 25+ archives the OCI manifest that goes with them.

use std::sync::Arc;

use crate::digest::{Algorithm, Digest};
use crate::error::{Error, Result};
use crate::image::{
    Image, Layer, OpenOptions, check_platform, layer_history, parse_json, read_blob, verify_bytes,
};
use crate::oci::{Doc, classify};
use crate::reference::{ImageRef, Selector};
use crate::spec::{Descriptor, ImageConfig, Index, media_type};
use crate::store::Files;

#[derive(serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DockerManifestEntry {
    config: String,
    #[serde(default)]
    repo_tags: Option<Vec<String>>,
    #[serde(default)]
    layers: Vec<String>,
}

/// Tags compare equal with or without the implied `docker.io/library/`.
fn same_tag(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.strip_prefix("docker.io/").unwrap_or(s);
        let s = s.strip_prefix("library/").unwrap_or(s);
        if s.rsplit('/').next().is_some_and(|last| last.contains(':')) {
            s.to_owned()
        } else {
            format!("{s}:latest")
        }
    }
    norm(a) == norm(b)
}

fn digest_from_name(name: &str) -> Option<Digest> {
    let n = name.trim_start_matches("./");
    if let Some(rest) = n.strip_prefix("blobs/") {
        let (alg, hex) = rest.split_once('/')?;
        return format!("{alg}:{hex}").parse().ok();
    }
    let stem = n
        .strip_suffix(".json")
        .or_else(|| n.strip_suffix(".tar"))
        .unwrap_or(n);
    format!("sha256:{stem}").parse().ok()
}

pub(crate) fn open_docker(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    selector: Option<&Selector>,
    opts: &OpenOptions,
) -> Result<Image> {
    let what = format!("manifest.json in {}", files.describe());
    let entries: Vec<DockerManifestEntry> = parse_json(&files.read_small("manifest.json")?, &what)?;
    let tags = || -> Vec<String> {
        entries
            .iter()
            .flat_map(|e| e.repo_tags.clone().unwrap_or_default())
            .collect()
    };
    let entry = match selector {
        Some(Selector::Tag(t)) => entries
            .iter()
            .find(|e| e.repo_tags.iter().flatten().any(|rt| same_tag(rt, t)))
            .ok_or_else(|| Error::NotFound {
                what: format!("tag {t:?}"),
                source_name: files.describe(),
                available: tags(),
            })?,
        Some(Selector::Digest(d)) => entries
            .iter()
            .find(|e| digest_from_name(&e.config).as_ref() == Some(d))
            .ok_or_else(|| Error::NotFound {
                what: format!("image {d}"),
                source_name: files.describe(),
                available: tags(),
            })?,
        None => match entries.as_slice() {
            [one] => one,
            [] => return Err(Error::invalid(&what, "lists no image")),
            _ => {
                return Err(Error::NotFound {
                    what: "a single image (the archive holds several; add :NAME:TAG)".into(),
                    source_name: files.describe(),
                    available: tags(),
                });
            }
        },
    };
    let cfg_data = files.read_small(&entry.config)?;
    let config_digest = match digest_from_name(&entry.config) {
        Some(d) => {
            verify_bytes(&cfg_data, &d, None, "config")?;
            d
        }
        None => Digest::of(Algorithm::Sha256, &cfg_data),
    };
    let config: ImageConfig = parse_json(&cfg_data, &format!("config {}", entry.config))?;
    check_platform(&config, opts, &files.describe())?;
    let diff_ids = &config.rootfs.diff_ids;
    if diff_ids.len() != entry.layers.len() {
        return Err(Error::invalid(
            &what,
            format!(
                "{} layers but the config lists {} diff_ids",
                entry.layers.len(),
                diff_ids.len()
            ),
        ));
    }
    let history = layer_history(&config, entry.layers.len());
    let mut layers = Vec::new();
    for (i, name) in entry.layers.iter().enumerate() {
        let size = files.size(name).ok_or_else(|| Error::NotFound {
            what: format!("layer {i} ({name})"),
            source_name: files.describe(),
            available: Vec::new(),
        })?;
        layers.push(Layer {
            index: i,
            digest: name
                .starts_with("blobs/")
                .then(|| digest_from_name(name))
                .flatten(),
            diff_id: diff_ids.get(i).cloned(),
            media_type: media_type::DOCKER_LAYER.to_owned(),
            size,
            history: history.get(i).copied().flatten(),
            file: name.clone(),
        });
    }
    // Docker 25+ archives also carry an OCI index naming the manifest.
    let (manifest_digest, manifest_media_type) =
        docker_manifest_digest(files.as_ref(), &config_digest)
            .map_or((None, None), |(d, mt)| (Some(d), Some(mt)));
    Ok(Image {
        reference: reference.clone(),
        index_digest: None,
        manifest_digest,
        manifest_media_type,
        config_digest: Some(config_digest),
        config,
        layers,
        platforms: Vec::new(),
        rootfs: None,
        files: Some(files),
        config_file: Some(entry.config.clone()),
    })
}

/// Finds, in a Docker 25+ archive's index.json, the manifest whose config
/// is `config`.
fn docker_manifest_digest(files: &dyn Files, config: &Digest) -> Option<(Digest, String)> {
    let index: Index = serde_json::from_slice(&files.read_small("index.json").ok()?).ok()?;
    let mut queue: Vec<Descriptor> = index.manifests;
    let mut seen = 0;
    while let Some(d) = queue.pop() {
        seen += 1;
        if seen > 64 {
            break;
        }
        let data = read_blob(files, &d.digest, Some(d.size), "manifest").ok()?;
        match classify(&data, "manifest").ok()? {
            Doc::Index(i) => queue.extend(i.manifests),
            Doc::Manifest(m, mt) if &m.config.digest == config => return Some((d.digest, mt)),
            Doc::Manifest(..) => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_match_with_implied_registry() {
        assert!(same_tag("docker.io/library/alpine:3", "alpine:3"));
        assert!(same_tag("alpine", "alpine:latest"));
        assert!(!same_tag("alpine:3", "alpine:4"));
        assert!(same_tag("localhost:5000/app", "localhost:5000/app:latest"));
    }
}
