//! Efficiency against dive's own expectations: the measures of dive's test
//! image (`../shared/data/efficiency/dive`, expected_analysis.json) must
//! come out exactly as dive's tests say, and those of the `vulnapp`
//! benchmark image exactly as dive 0.13 itself reports them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use bosun_testkit::need::shared_data;
use support::{dive_paths, measure};

#[test]
fn vulnapp_agrees_with_dive() {
    let Some(dive) = bosun_testkit::require_tool("dive") else {
        return;
    };
    let Some(layout) = bosun_testkit::vulnapp::vulnapp() else {
        return;
    };
    let archive = layout.join("../../archives/vulnapp-umoci.tar");
    let out = tempfile::tempdir().unwrap();
    let json = out.path().join("dive.json");
    let status = std::process::Command::new(dive)
        .args(["--ci", "--json"])
        .arg(&json)
        .arg(format!("docker-archive://{}", archive.display()))
        .env("CI", "true")
        .output()
        .unwrap();
    assert!(
        json.is_file(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let theirs: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    let theirs = &theirs["image"];
    let eff = measure(&format!("docker-archive:{}", archive.display()))
        .efficiency
        .expect("efficiency measured");
    assert_eq!(eff.size_bytes, theirs["sizeBytes"].as_u64().unwrap());
    assert_eq!(
        eff.wasted_bytes,
        theirs["inefficientBytes"].as_u64().unwrap()
    );
    // The score to the bit: serde_json's default float reading may be one
    // ulp off the text, so the text is read with Rust's exact parser.
    let text = std::fs::read_to_string(&json).unwrap();
    let score: f64 = text
        .split("\"efficiencyScore\":")
        .nth(1)
        .and_then(|rest| rest.split([',', '}']).next())
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert_eq!(
        eff.score.to_bits(),
        score.to_bits(),
        "{} vs {score}",
        eff.score
    );
    let ours: std::collections::BTreeSet<(String, usize, u64)> = eff
        .inefficient
        .iter()
        .map(|p| (p.path.clone(), p.count, p.cumulative_bytes))
        .collect();
    let want: std::collections::BTreeSet<(String, usize, u64)> =
        dive_paths(&theirs["fileReference"]).into_iter().collect();
    assert_eq!(ours, want);
    assert_eq!(eff.inefficient_total, 16);
}

#[test]
fn dive_test_image_figures() {
    let Some(dir) = shared_data("efficiency/dive") else {
        return;
    };
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("expected_analysis.json")).unwrap())
            .unwrap();
    let checked = measure(&format!(
        "docker-archive:{}",
        dir.join("test-docker-image.tar").display()
    ));
    let eff = checked.efficiency.expect("efficiency measured");
    // serde_json's default float reading may be one ulp off the text.
    let close = |a: f64, b: f64| (a - b).abs() < 1e-15;
    assert!(
        close(eff.score, expected["efficiency"].as_f64().unwrap()),
        "{}",
        eff.score
    );
    assert_eq!(format!("{}", eff.score), "0.9844212134184309");
    assert_eq!(eff.size_bytes, expected["sizeBytes"].as_u64().unwrap());
    assert_eq!(
        eff.user_size_bytes,
        expected["userSizeBytes"].as_u64().unwrap()
    );
    assert_eq!(eff.wasted_bytes, expected["wastedBytes"].as_u64().unwrap());
    assert!(close(
        eff.wasted_user_percent,
        expected["wastedUserPercent"].as_f64().unwrap()
    ));
    assert_eq!(eff.layers.len(), 14);
    // dive lists the paths that carry bytes; bosun lists empty ones too
    // (directories seen twice), after them.
    let top: Vec<(String, usize, u64)> = eff
        .inefficient
        .iter()
        .filter(|p| p.cumulative_bytes > 0)
        .map(|p| (p.path.clone(), p.count, p.cumulative_bytes))
        .collect();
    let want = dive_paths(&expected["inefficient_files_top"]);
    let mut sorted_want = want.clone();
    sorted_want.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.0.cmp(&b.0)));
    assert_eq!(top, sorted_want);
    // Layer 9 (`rm -rf /root/example/`) removed the two 6405-byte copies
    // left there.
    assert_eq!(eff.layers[9].removed_bytes, 12810);
    // The image runs as root and has no health check.
    let codes: Vec<&str> = checked.findings.iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"CIS-DI-0001"), "{codes:?}");
    assert!(codes.contains(&"CIS-DI-0006"), "{codes:?}");
}
