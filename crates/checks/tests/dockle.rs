//! Dockle's own cases (`../shared/data/image-config/dockle`): the image
//! configurations of its TestAssess table must give exactly Dockle's set of
//! codes, and its command tables the same answers.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use bosun_checks::{Context, Selection, split_segments};
use bosun_image::ImageRef;
use bosun_image::spec::ImageConfig;
use bosun_testkit::need::shared_data;

fn image_with(config: &[u8]) -> ImageConfig {
    serde_json::from_slice(config).unwrap()
}

/// The configuration checks' findings over `ctx`.
fn config_findings(ctx: &Context<'_>) -> Vec<bosun_types::ConfigFinding> {
    bosun_checks::run(
        ctx,
        Selection {
            config: true,
            efficiency: false,
        },
    )
    .findings
}

fn codes(config: &ImageConfig) -> Vec<String> {
    let reference = ImageRef::parse("registry.example/app:1.0").unwrap();
    let ctx = Context::config_only(config, &reference);
    let mut c: Vec<String> = config_findings(&ctx).into_iter().map(|f| f.code).collect();
    c.sort();
    c
}

#[test]
fn assess_cases() {
    let Some(dir) = shared_data("image-config/dockle") else {
        return;
    };
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest_cases.json")).unwrap()).unwrap();
    let assess = cases["tests"]["TestAssess"].as_object().unwrap();
    assert_eq!(assess.len(), 5);
    for (name, case) in assess {
        let file = case["path"].as_str().unwrap().trim_start_matches("./");
        let image = image_with(&std::fs::read(dir.join(file)).unwrap());
        let mut want: Vec<String> = case["assesses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["Code"].as_str().unwrap().to_owned())
            .collect();
        want.sort();
        assert_eq!(codes(&image), want, "{name}");
    }
}

/// The index in a transcribed Go map key (`&{14208 INT 0}` → 0).
fn key_index(k: &str) -> u64 {
    k.trim_end_matches('}')
        .rsplit(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn segments_of(case: &serde_json::Value) -> Vec<Vec<String>> {
    let slices = case["cmdSlices"].as_object().unwrap();
    let mut keyed: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    for (k, v) in slices {
        let idx = key_index(k);
        keyed.insert(idx, strings(v));
    }
    keyed.into_values().collect()
}

/// An image whose only history step is the segments joined by `&&`.
fn run_segments(segs: &[Vec<String>]) -> Vec<String> {
    let cmd = segs
        .iter()
        .map(|s| s.join(" "))
        .collect::<Vec<_>>()
        .join(" && ");
    let config = serde_json::json!({
        "config": {"User": "app", "Healthcheck": {"Test": ["CMD", "true"]}},
        "history": [{"created_by": "/bin/sh -c #(nop) ADD file:0 in / "}, {"created_by": cmd}]
    });
    codes(&image_with(config.to_string().as_bytes()))
}

#[test]
fn command_tables() {
    let Some(dir) = shared_data("image-config/dockle") else {
        return;
    };
    let cases: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest_cases.json")).unwrap()).unwrap();
    let tables = [
        ("TestReducableApkAdd", "DKL-DI-0004"),
        ("TestReducableAptGetInstall", "DKL-DI-0005"),
        ("TestReducableAptGetUpdate", "CIS-DI-0007"),
        ("TestUseDistUpgrade", "DKL-DI-0003"),
        ("TestAddStatement", "CIS-DI-0009"),
    ];
    let mut n = 0;
    for (table, code) in tables {
        for (name, case) in cases["tests"][table].as_object().unwrap() {
            let got = run_segments(&segments_of(case)).contains(&code.to_owned());
            assert_eq!(got, case["expected"].as_bool().unwrap(), "{table} {name}");
            n += 1;
        }
    }
    assert_eq!(n, 16);
    for (name, case) in cases["tests"]["TestSensitiveVars"].as_object().unwrap() {
        let cmd = case["cmd"].as_str().unwrap();
        let config = serde_json::json!({
            "config": {"User": "app", "Healthcheck": {"Test": ["CMD", "true"]}},
            "history": [{"created_by": cmd}]
        });
        let got =
            codes(&image_with(config.to_string().as_bytes())).contains(&"CIS-DI-0010".to_owned());
        assert_eq!(
            got,
            case["expected"].as_bool().unwrap(),
            "TestSensitiveVars {name}"
        );
    }
    for (name, case) in cases["tests"]["TestSplitByCommands"].as_object().unwrap() {
        let file = case["path"].as_str().unwrap().trim_start_matches("./");
        let config: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(file)).unwrap()).unwrap();
        let idx = case["index"].as_u64().unwrap() as usize;
        let cmd = config["history"][idx]["created_by"].as_str().unwrap();
        let mut want: BTreeMap<u64, Vec<String>> = BTreeMap::new();
        for (k, v) in case["expected"].as_object().unwrap() {
            let i = key_index(k);
            want.insert(i, strings(v));
        }
        let got: Vec<Vec<String>> = split_segments(cmd)
            .into_iter()
            .map(|s| s.into_iter().map(str::to_owned).collect())
            .collect();
        assert_eq!(got, want.into_values().collect::<Vec<_>>(), "{name}");
    }
}

/// Dockle's TestScanImage on `scratch.tar` (FROM scratch, ADD
/// /credentials.json, USER scratch): Dockle's image findings are
/// CIS-DI-0010 on credentials.json and CIS-DI-0006; its CIS-DI-0005 is
/// about the host's environment and its SKIP lines are not findings.
#[test]
fn scan_scratch_image() {
    let Some(dir) = shared_data("image-config/dockle/scan") else {
        return;
    };
    let reference = ImageRef::parse(&format!(
        "docker-archive:{}",
        dir.join("scratch.tar").display()
    ))
    .unwrap();
    let image = bosun_image::Image::open(&reference, &bosun_image::OpenOptions::default()).unwrap();
    let opts = bosun_layers::WalkOptions {
        index: bosun_layers::IndexMode::Full,
        ..bosun_layers::WalkOptions::default()
    };
    let walk = bosun_layers::walk(
        &image,
        &bosun_checks::requests(),
        &opts,
        &bosun_layers::NoProgress,
    )
    .unwrap();
    let found: Vec<(String, String)> = config_findings(&Context::new(&image, &walk, None))
        .into_iter()
        .map(|f| (f.code, f.file))
        .collect();
    assert_eq!(
        found,
        [
            ("CIS-DI-0006".to_owned(), "config".to_owned()),
            ("CIS-DI-0010".to_owned(), "/credentials.json".to_owned()),
        ]
    );
}
