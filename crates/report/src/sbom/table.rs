//! The table: the distribution, then one row per package with its source
//! package and the layer that installed it.

use bosun_types::Sbom;
use comfy_table::{ContentArrangement, Table, presets};

pub(super) fn render(sbom: &Sbom) -> String {
    let mut s = String::new();
    s.push_str(&format!("Image: {}\n", sbom.image.reference));
    match &sbom.distro {
        Some(d) => s.push_str(&format!(
            "Distribution: {} {} ({})\n",
            d.id,
            d.version_id.as_deref().unwrap_or(""),
            d.ecosystem.as_deref().unwrap_or("no OSV ecosystem")
        )),
        None => s.push_str("Distribution: none detected\n"),
    }
    s.push_str(&format!("Packages: {}\n", sbom.packages.len()));
    if !sbom.packages.is_empty() {
        let mut t = Table::new();
        t.load_style(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Disabled);
        t.set_header(vec!["Name", "Version", "Type", "Source", "Layer"]);
        for p in &sbom.packages {
            let source = p
                .source
                .as_ref()
                .map(|src| match &src.version {
                    Some(v) if *v != p.version => format!("{} {v}", src.name),
                    _ => src.name.clone(),
                })
                .unwrap_or_default();
            let layer = p
                .introduced_layer
                .as_ref()
                .map(|l| l.index.to_string())
                .unwrap_or_else(|| "-".into());
            t.add_row(vec![
                p.name.clone(),
                p.version.clone(),
                p.kind.clone(),
                source,
                layer,
            ]);
        }
        s.push_str(&t.to_string());
        s.push('\n');
    }
    for p in &sbom.problems {
        s.push_str(&format!(
            "warning: {} (layer {}): {}\n",
            p.path, p.layer, p.message
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&crate::sbom::fixtures::sbom()));
    }
}
