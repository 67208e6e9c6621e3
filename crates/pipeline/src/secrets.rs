//! The secret scanner's part of the one layer walk: a file request that
//! selects every regular file up to the scanner's size cap, with an
//! extractor that keeps only the (masked) findings — so the walk, and the
//! per-layer cache, hold a few bytes per secret instead of the files — and
//! the attribution afterwards: layer, layer digest, history step, and the
//! later layer that removed or replaced the file. The image configuration
//! (ENV, labels, every history `created_by`) is scanned too.

use std::sync::Arc;

use bosun_image::Image;
use bosun_layers::{Content, Extractor, FileRequest, Walk};
use bosun_secrets::{Scanner, Unplaced};
use bosun_types::SecretFinding;
use bosun_types::mask::mask_command;

/// The walk request of `scanner`: every file, findings only.
pub(crate) fn request(scanner: &Arc<Scanner>) -> FileRequest {
    let s = Arc::clone(scanner);
    let x: Extractor = Arc::new(move |c: &Content| {
        let found = match c.bytes() {
            Some(b) => s.scan_unplaced(b),
            None => {
                // Spooled (over 8 MiB but under the scanner's cap).
                let mut buf = Vec::new();
                std::io::Read::read_to_end(&mut c.reader()?, &mut buf)?;
                s.scan_unplaced(&buf)
            }
        };
        if found.is_empty() {
            return Ok(None);
        }
        let bytes = serde_json::to_vec(&found).map_err(std::io::Error::other)?;
        Ok(Some(bytes))
    });
    FileRequest::glob("**")
        .max_size(scanner.max_file_size())
        .extract(x)
}

/// The findings of the walk's files matched by request `id`, attributed.
/// `layered`: an image (layers named) rather than a source tree.
pub(crate) fn collect(
    scanner: &Scanner,
    image: &Image,
    walk: &Walk,
    id: usize,
    layered: bool,
) -> Vec<SecretFinding> {
    let mut out = Vec::new();
    for f in walk.files.iter().filter(|f| f.requests.contains(&id)) {
        let Some(bytes) = f.content.bytes() else {
            continue;
        };
        let Ok(found) = serde_json::from_slice::<Vec<Unplaced>>(bytes) else {
            continue;
        };
        let path = format!("/{}", f.path.trim_start_matches('/'));
        for mut s in scanner.place(&path, found) {
            if layered {
                s.layer = Some(f.layer);
                s.layer_digest = image
                    .layers
                    .get(f.layer)
                    .and_then(|l| l.digest.as_ref())
                    .map(ToString::to_string);
                s.history = history_of(image, f.layer);
                if !f.visible {
                    s.removed_in = walk.index.removed_in(&f.path, f.layer);
                }
            }
            out.push(s);
        }
    }
    out.extend(scan_config(scanner, image));
    out.sort_by(|a, b| {
        (a.layer, &a.file, a.line, &a.rule).cmp(&(b.layer, &b.file, b.line, &b.rule))
    });
    out
}

fn history_of(image: &Image, layer: usize) -> Option<String> {
    let h = image.layers.get(layer)?.history?;
    let step = image.config.history.get(h)?.created_by.as_deref()?;
    Some(mask_command(step))
}

/// Secrets in the image configuration: each ENV entry, each label and
/// each history step (build arguments leak into `created_by`).
pub(crate) fn scan_config(scanner: &Scanner, image: &Image) -> Vec<SecretFinding> {
    let cfg = &image.config;
    let mut out = Vec::new();
    for env in cfg.config.env.iter().flatten() {
        out.extend(scanner.scan("config:env", env.as_bytes()));
    }
    for (k, v) in cfg.config.labels.iter().flatten() {
        let text = format!("{k}={v}");
        out.extend(scanner.scan(&format!("config:label:{k}"), text.as_bytes()));
    }
    for (i, h) in cfg.history.iter().enumerate() {
        let Some(step) = h.created_by.as_deref() else {
            continue;
        };
        for mut s in scanner.scan("config:history", step.as_bytes()) {
            s.line = u32::try_from(i + 1).unwrap_or(u32::MAX);
            s.history = Some(mask_command(step));
            out.push(s);
        }
    }
    out
}
