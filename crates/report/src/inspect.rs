//! `bosun inspect`'s table: identity, sizes and runtime configuration as
//! key-value rows, then the layers with the build step that made each. The
//! JSON form is [`Inspection`] serialised.

use bosun_types::inspect::{Inspection, LayerSummary};
use comfy_table::{Cell, ContentArrangement, Table, presets};

fn human(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

fn opt(v: Option<&str>) -> &str {
    v.unwrap_or("-")
}

fn list(v: Option<&Vec<String>>) -> String {
    match v {
        Some(v) if !v.is_empty() => serde_json::to_string(v).unwrap_or_default(),
        _ => "-".into(),
    }
}

/// The human-readable report.
pub fn render_table(r: &Inspection) -> String {
    let mut s = String::new();
    let mut kv = Table::new();
    kv.load_style(presets::NOTHING);
    let rows: Vec<(&str, String)> = vec![
        ("Image", r.reference.clone()),
        ("Manifest", opt(r.manifest_digest.as_deref()).into()),
        ("Index", opt(r.index_digest.as_deref()).into()),
        ("Config", opt(r.config_digest.as_deref()).into()),
        ("Platform", opt(r.platform.as_deref()).into()),
        ("Created", opt(r.created.as_deref()).into()),
        (
            "Size",
            format!(
                "{} compressed, {} uncompressed, {} layers, {} paths",
                human(r.size.compressed),
                human(r.size.uncompressed),
                r.layers.len(),
                r.size.final_paths
            ),
        ),
        (
            "User",
            r.config.user.clone().unwrap_or_else(|| "(root)".into()),
        ),
        ("Entrypoint", list(r.config.entrypoint.as_ref())),
        ("Cmd", list(r.config.cmd.as_ref())),
        ("WorkingDir", opt(r.config.working_dir.as_deref()).into()),
        (
            "Ports",
            if r.config.exposed_ports.is_empty() {
                "-".into()
            } else {
                r.config.exposed_ports.join(", ")
            },
        ),
        (
            "Volumes",
            if r.config.volumes.is_empty() {
                "-".into()
            } else {
                r.config.volumes.join(", ")
            },
        ),
        ("Healthcheck", list(r.config.healthcheck.as_ref())),
    ];
    for (k, v) in rows {
        kv.add_row(vec![Cell::new(format!("{k}:")), Cell::new(v)]);
    }
    s.push_str(&kv.trim_fmt());
    s.push('\n');
    if !r.config.env.is_empty() {
        s.push_str("\nEnvironment:\n");
        for e in &r.config.env {
            s.push_str(&format!("  {}={}\n", e.name, e.value));
        }
    }
    if !r.config.labels.is_empty() {
        s.push_str("\nLabels:\n");
        for (k, v) in &r.config.labels {
            s.push_str(&format!("  {k}={v}\n"));
        }
    }
    if !r.layers.is_empty() || !r.history.is_empty() {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Dynamic);
        t.set_width(200);
        t.set_header(vec![
            "#",
            "Digest / DiffID",
            "Type",
            "Size",
            "Unpacked",
            "Files",
            "Created by",
        ]);
        let layer_row = |l: &LayerSummary, created_by: &str| {
            vec![
                l.index.to_string(),
                format!(
                    "{}\n{}",
                    l.digest.as_deref().map_or("-".into(), short),
                    l.diff_id.as_deref().map_or("-".into(), short)
                ),
                format!(
                    "{} {}",
                    if l.media_type.contains(".docker.") {
                        "docker"
                    } else {
                        "oci"
                    },
                    l.compression
                        .map_or_else(|| "-".into(), |c| format!("{c:?}").to_lowercase())
                ),
                human(l.size),
                human(l.uncompressed_size),
                l.files.to_string(),
                created_by.to_owned(),
            ]
        };
        if r.history.is_empty() {
            for l in &r.layers {
                t.add_row(layer_row(l, l.created_by.as_deref().unwrap_or("-")));
            }
        } else {
            for h in &r.history {
                let cmd = h
                    .created_by
                    .as_deref()
                    .map(tidy_created_by)
                    .unwrap_or_default();
                match h.layer.and_then(|i| r.layers.get(i)) {
                    Some(l) => t.add_row(layer_row(l, &cmd)),
                    None => t.add_row(vec![
                        "".into(),
                        "(no layer)".into(),
                        "".into(),
                        "".into(),
                        "".into(),
                        "".into(),
                        cmd,
                    ]),
                };
            }
            // Layers the history does not account for.
            for l in r.layers.iter().filter(|l| l.history_index.is_none()) {
                t.add_row(layer_row(l, "-"));
            }
        }
        s.push('\n');
        s.push_str(&t.to_string());
        s.push('\n');
    }
    if !r.warnings.is_empty() {
        s.push_str(&format!("\n{} warning(s):\n", r.warnings.len()));
        for w in r.warnings.iter().take(20) {
            s.push_str(&format!("  layer {}: {}: {}\n", w.layer, w.path, w.reason));
        }
    }
    s
}

fn short(d: &str) -> String {
    match d.split_once(':') {
        Some((alg, hex)) if hex.len() > 12 => format!("{alg}:{}", &hex[..12]),
        _ => d.to_owned(),
    }
}

/// Docker's `/bin/sh -c #(nop) ` prefix says nothing useful.
fn tidy_created_by(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("/bin/sh -c #(nop) ").unwrap_or(s).trim();
    let s = s
        .strip_prefix("/bin/sh -c ")
        .map_or_else(|| s.to_owned(), |r| format!("RUN {r}"));
    if s.chars().count() > 100 {
        let cut: String = s.chars().take(99).collect();
        format!("{cut}…")
    } else {
        s
    }
}
