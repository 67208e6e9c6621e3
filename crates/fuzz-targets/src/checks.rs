//! The image checks: any image configuration runs every configuration
//! check without a panic (and every history line goes through the shell
//! word splitters), and any stack of layer changes is measured with dive's
//! figures in range.

use bosun_checks::{Context, Selection};
use bosun_image::spec::ImageConfig;
use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{IndexMode, NoProgress, WalkOptions};
use bosun_testkit::tar::{Change, changes_tar};
use bosun_testkit::{ImageSpec, Layer};

/// The input as an image configuration (JSON); when it is not one, its
/// lines as history steps under a configuration whose user, ports, env
/// and volumes come from the first line's words.
pub fn checks_config(data: &[u8]) {
    let config = match serde_json::from_slice::<ImageConfig>(data) {
        Ok(c) => c,
        Err(_) => {
            let text = String::from_utf8_lossy(data);
            let mut lines = text.lines();
            let head: Vec<&str> = lines.next().unwrap_or("").split(' ').collect();
            let history: Vec<serde_json::Value> = lines
                .map(|l| serde_json::json!({ "created_by": l, "empty_layer": l.len() % 2 == 0 }))
                .collect();
            let ports: serde_json::Map<String, serde_json::Value> = head
                .iter()
                .map(|w| ((*w).to_owned(), serde_json::json!({})))
                .collect();
            let value = serde_json::json!({
                "architecture": "amd64",
                "os": "linux",
                "config": {
                    "User": head.first().copied().unwrap_or(""),
                    "Env": head,
                    "ExposedPorts": ports,
                    "Volumes": ports,
                },
                "history": history,
            });
            let Ok(c) = serde_json::from_value::<ImageConfig>(value) else {
                return;
            };
            c
        }
    };
    for h in &config.history {
        if let Some(c) = &h.created_by {
            let _ = bosun_checks::words(c);
            let _ = bosun_checks::split_segments(c);
        }
    }
    let Ok(reference) = ImageRef::parse("docker.io/library/fuzz:latest") else {
        return;
    };
    let ctx = Context::config_only(&config, &reference);
    let checked = bosun_checks::run(
        &ctx,
        Selection {
            config: true,
            efficiency: true,
        },
    );
    for f in &checked.findings {
        assert!(
            bosun_checks::check(&f.code).is_some(),
            "unknown code {}",
            f.code
        );
    }
}

/// The input as a stack of layers: bytes split at 0xFF into at most six
/// layers, each read two bytes at a time as (change, size) over a small
/// tree of paths, so files are rewritten, whited out and hidden by opaque
/// directories across layers in every order.
pub fn checks_efficiency(data: &[u8]) {
    const PATHS: [&str; 8] = ["a", "a/f1", "a/f2", "a/b", "a/b/f3", "c", "c/f4", "f5"];
    let mut spec = ImageSpec::new();
    for chunk in data.split(|&b| b == 0xff).take(6) {
        let changes: Vec<Change> = chunk
            .chunks(2)
            .take(32)
            .map(|pair| {
                let op = pair[0];
                let size = usize::from(pair.get(1).copied().unwrap_or(0)) * 13;
                let path = PATHS[usize::from(op >> 2) % PATHS.len()].to_owned();
                match op & 3 {
                    0 => Change::File(path, size),
                    1 => Change::Dir(path),
                    2 => Change::Whiteout(path),
                    _ => Change::Opaque(path),
                }
            })
            .collect();
        spec = spec.layer(Layer::new(changes_tar(&changes)));
    }
    let Ok(tmp) = tempfile::tempdir() else { return };
    let dir = tmp.path().join("l");
    bosun_testkit::oci_layout(&dir, &spec, "f");
    let Ok(r) = ImageRef::parse(&format!("oci:{}:f", dir.display())) else {
        return;
    };
    let Ok(image) = Image::open(&r, &OpenOptions::default()) else {
        return;
    };
    let opts = WalkOptions {
        index: IndexMode::Full,
        ..WalkOptions::default()
    };
    let Ok(walk) = bosun_layers::walk(&image, &bosun_checks::requests(), &opts, &NoProgress) else {
        return;
    };
    let ctx = Context::new(&image, &walk, None);
    let checked = bosun_checks::run(
        &ctx,
        Selection {
            config: true,
            efficiency: true,
        },
    );
    let Some(e) = checked.efficiency else { return };
    assert!((0.0..=1.0).contains(&e.score), "score {}", e.score);
    assert!(e.wasted_user_percent.is_finite() && e.wasted_user_percent >= 0.0);
    assert_eq!(
        e.size_bytes,
        e.layers.iter().map(|l| l.size_bytes).sum::<u64>()
    );
    for l in &e.layers {
        assert!(
            l.added_bytes + l.modified_bytes <= l.size_bytes,
            "layer {l:?}"
        );
    }
}
