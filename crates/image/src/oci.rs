//! Resolving an OCI source — a layout, an archive or a content-addressed
//! blob store — from `index.json` through nested indexes (choosing by
//! platform) to a manifest and its configuration, verifying each document
//! against its digest.

use std::sync::Arc;

use crate::digest::Digest;
use crate::error::{Error, Result};
use crate::image::{
    Image, Layer, OpenOptions, blob_name, check_platform, layer_history, parse_json, read_blob,
};
use crate::platform::Platform;
use crate::reference::{ImageRef, Selector};
use crate::spec::{Descriptor, ImageConfig, Index, Manifest, Probe, media_type};
use crate::store::Files;

/// Nested indexes deeper than this are refused.
const MAX_INDEX_DEPTH: usize = 4;

/// What a manifest-like document turned out to be.
pub(crate) enum Doc {
    /// An index.
    Index(Index),
    /// An image manifest and its media type.
    Manifest(Box<Manifest>, String),
}

pub(crate) fn classify(data: &[u8], what: &str) -> Result<Doc> {
    let probe: Probe = parse_json(data, what)?;
    let mt = probe.media_type.clone().unwrap_or_default();
    if mt == media_type::DOCKER_MANIFEST_V1
        || mt == media_type::DOCKER_MANIFEST_V1_SIGNED
        || probe.fs_layers.is_some()
        || probe.schema_version == Some(1)
    {
        return Err(Error::Unsupported(format!(
            "{what}: Docker schema 1 manifests are deprecated and not supported; re-push the image with a current client"
        )));
    }
    if mt == media_type::OCI_INDEX
        || mt == media_type::DOCKER_LIST
        || (mt.is_empty() && probe.manifests.is_some())
    {
        let idx: Index = parse_json(data, what)?;
        return Ok(Doc::Index(idx));
    }
    if mt == media_type::OCI_MANIFEST
        || mt == media_type::DOCKER_MANIFEST
        || (mt.is_empty() && probe.config.is_some())
    {
        let m: Manifest = parse_json(data, what)?;
        if m.schema_version != 2 {
            return Err(Error::invalid(
                what,
                format!("schemaVersion {} (expected 2)", m.schema_version),
            ));
        }
        let mt = if mt.is_empty() {
            media_type::OCI_MANIFEST.to_owned()
        } else {
            mt
        };
        return Ok(Doc::Manifest(Box::new(m), mt));
    }
    Err(Error::invalid(
        what,
        format!("not an image manifest or index (media type {mt:?})"),
    ))
}

/// Picks the entry of an index that matches the requested platform.
fn pick_platform<'a>(idx: &'a Index, opts: &OpenOptions, what: &str) -> Result<&'a Descriptor> {
    let wanted = opts.platform.clone().unwrap_or_default();
    let candidates: Vec<&Descriptor> = idx
        .manifests
        .iter()
        .filter(|d| !d.platform.as_ref().is_some_and(Platform::is_unknown))
        .collect();
    if candidates.len() == 1 && candidates[0].platform.is_none() {
        return Ok(candidates[0]);
    }
    let best = candidates
        .iter()
        .filter_map(|d| Some((wanted.match_score(d.platform.as_ref()?)?, *d)))
        .max_by_key(|(score, _)| *score);
    match best {
        Some((_, d)) => Ok(d),
        None => Err(Error::NotFound {
            what: format!("platform {wanted}"),
            source_name: what.to_owned(),
            available: candidates
                .iter()
                .filter_map(|d| d.platform.as_ref().map(ToString::to_string))
                .collect(),
        }),
    }
}

pub(crate) fn open_oci(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    selector: Option<&Selector>,
    opts: &OpenOptions,
) -> Result<Image> {
    let index_what = format!("index.json in {}", files.describe());
    let index: Index = parse_json(&files.read_small("index.json")?, &index_what)?;
    if index.schema_version != 2 {
        return Err(Error::invalid(
            &index_what,
            format!("schemaVersion {}", index.schema_version),
        ));
    }
    let listing = || -> Vec<String> {
        index
            .manifests
            .iter()
            .map(|d| match d.ref_name() {
                Some(t) => format!("{t} ({})", d.digest.short()),
                None => d.digest.to_string(),
            })
            .collect()
    };
    let index_digest = None;
    let desc: Descriptor = match selector {
        Some(Selector::Tag(t)) => index
            .manifests
            .iter()
            .find(|d| d.ref_name() == Some(t.as_str()))
            .or_else(|| {
                index.manifests.iter().find(|d| {
                    d.ref_name()
                        .is_some_and(|r| r.rsplit_once(':').is_some_and(|(_, tag)| tag == t))
                })
            })
            .cloned()
            .ok_or_else(|| Error::NotFound {
                what: format!("tag {t:?}"),
                source_name: files.describe(),
                available: listing(),
            })?,
        Some(Selector::Digest(d)) => match index.manifests.iter().find(|m| &m.digest == d) {
            Some(m) => m.clone(),
            None => {
                let size = files.size(&blob_name(d)).ok_or_else(|| Error::NotFound {
                    what: format!("digest {d}"),
                    source_name: files.describe(),
                    available: listing(),
                })?;
                Descriptor {
                    media_type: String::new(),
                    digest: d.clone(),
                    size,
                    platform: None,
                    annotations: Default::default(),
                    artifact_type: None,
                }
            }
        },
        None => {
            let images: Vec<&Descriptor> = index
                .manifests
                .iter()
                .filter(|d| !d.platform.as_ref().is_some_and(Platform::is_unknown))
                .collect();
            if images.len() == 1 {
                images[0].clone()
            } else if !images.is_empty() && images.iter().all(|d| d.platform.is_some()) {
                let chosen = pick_platform(&index, opts, &index_what)?.clone();
                return resolve_from(
                    reference,
                    files,
                    chosen,
                    None,
                    index_platforms(&index),
                    opts,
                );
            } else if images.is_empty() {
                return Err(Error::invalid(&index_what, "the layout holds no image"));
            } else {
                return Err(Error::NotFound {
                    what: "a single image (the layout holds several; add :TAG or @DIGEST)".into(),
                    source_name: files.describe(),
                    available: listing(),
                });
            }
        }
    };

    resolve(reference, files, desc, index_digest, opts)
}

/// The platforms an index offers (entries without a platform, and the
/// `unknown/unknown` entries attestations use, are not platforms).
fn index_platforms(idx: &Index) -> Vec<(Platform, Digest)> {
    idx.manifests
        .iter()
        .filter_map(|d| Some((d.platform.clone()?, d.digest.clone())))
        .filter(|(p, _)| !p.is_unknown())
        .collect()
}

/// Follows indexes (choosing by platform) down to a manifest and opens it.
pub(crate) fn resolve(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    desc: Descriptor,
    index_digest: Option<Digest>,
    opts: &OpenOptions,
) -> Result<Image> {
    resolve_from(reference, files, desc, index_digest, Vec::new(), opts)
}

/// [`resolve`], from an entry already chosen out of an index that offered
/// `platforms`.
fn resolve_from(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    desc: Descriptor,
    mut index_digest: Option<Digest>,
    mut platforms: Vec<(Platform, Digest)>,
    opts: &OpenOptions,
) -> Result<Image> {
    let mut current = desc;
    for depth in 0..=MAX_INDEX_DEPTH {
        let what = if current.is_index() {
            "index"
        } else {
            "manifest"
        };
        let data = read_blob(files.as_ref(), &current.digest, Some(current.size), what)?;
        match classify(&data, &format!("{what} {}", current.digest))? {
            Doc::Index(idx) => {
                if depth == MAX_INDEX_DEPTH {
                    return Err(Error::Limit {
                        what: format!("index {}", current.digest),
                        reason: format!("indexes nested deeper than {MAX_INDEX_DEPTH}"),
                    });
                }
                let next = pick_platform(&idx, opts, &format!("index {}", current.digest))?.clone();
                platforms = index_platforms(&idx);
                index_digest = Some(current.digest.clone());
                current = next;
            }
            Doc::Manifest(m, mt) => {
                let mut image = image_from_manifest(
                    reference,
                    files,
                    *m,
                    mt,
                    current.digest,
                    index_digest,
                    opts,
                )?;
                image.platforms = platforms;
                return Ok(image);
            }
        }
    }
    Err(Error::Limit {
        what: files.describe(),
        reason: "index nesting too deep".into(),
    })
}

fn image_from_manifest(
    reference: &ImageRef,
    files: Arc<dyn Files>,
    m: Manifest,
    media_type: String,
    manifest_digest: Digest,
    index_digest: Option<Digest>,
    opts: &OpenOptions,
) -> Result<Image> {
    let cfg_data = read_blob(
        files.as_ref(),
        &m.config.digest,
        Some(m.config.size),
        "config",
    )?;
    let config: ImageConfig = parse_json(&cfg_data, &format!("config {}", m.config.digest))?;
    check_platform(&config, opts, &manifest_digest.to_string())?;
    let diff_ids = &config.rootfs.diff_ids;
    if !diff_ids.is_empty() && diff_ids.len() != m.layers.len() {
        return Err(Error::invalid(
            format!("manifest {manifest_digest}"),
            format!(
                "{} layers but the config lists {} diff_ids",
                m.layers.len(),
                diff_ids.len()
            ),
        ));
    }
    let history = layer_history(&config, m.layers.len());
    let layers = m
        .layers
        .iter()
        .enumerate()
        .map(|(i, d)| Layer {
            index: i,
            digest: Some(d.digest.clone()),
            diff_id: diff_ids.get(i).cloned(),
            media_type: d.media_type.clone(),
            size: d.size,
            history: history.get(i).copied().flatten(),
            file: blob_name(&d.digest),
        })
        .collect();
    Ok(Image {
        reference: reference.clone(),
        index_digest,
        manifest_digest: Some(manifest_digest),
        manifest_media_type: Some(media_type),
        config_file: Some(blob_name(&m.config.digest)),
        config_digest: Some(m.config.digest),
        config,
        layers,
        platforms: Vec::new(),
        rootfs: None,
        files: Some(files),
    })
}
