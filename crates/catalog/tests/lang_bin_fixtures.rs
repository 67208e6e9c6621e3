//! The Go, Rust and Java manifest parsers against syft's own test
//! expectations (`../shared/data/sbom-fixtures/syft/expected_packages.json`,
//! fixtures read in place): the set of (name, version) must be equal.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bosun_catalog::Package;
use bosun_catalog::lang::{go, java, rust};
use serde_json::Value;

fn shared() -> Option<PathBuf> {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/sbom-fixtures/syft"
    ));
    if p.is_dir() {
        Some(p.to_path_buf())
    } else {
        eprintln!("skipped: ../shared/data/sbom-fixtures not found");
        None
    }
}

/// Parses one fixture with the parser syft's test exercised.
fn parse(test: &str, file: &Path) -> Option<Vec<Package>> {
    let read = |f: &Path| std::fs::read_to_string(f).unwrap();
    Some(match test {
        "TestParseGoMod" | "Test_GoSumHashes" => {
            let dir = if file.is_dir() {
                file.to_path_buf()
            } else {
                file.parent()?.to_path_buf()
            };
            let sum = std::fs::read_to_string(dir.join("go.sum")).unwrap_or_default();
            go::gomod::parse(&read(&dir.join("go.mod")), &sum, "go-mod")
        }
        "TestParseCargoLock"
        | "TestCargoLockWithGitDependencies"
        | "TestCargoLockWithPathDependencies" => {
            rust::cargo_lock::parse(&read(file), "cargo-lock").unwrap()
        }
        "Test_parserGradleLockfile" => java::gradle::parse(&read(file), "gradle-lockfile"),
        "Test_parsePomXML" => {
            let f = if file.is_dir() {
                file.join("pom.xml")
            } else {
                file.to_path_buf()
            };
            java::pom::parse(&read(&f), "java-pom").unwrap()
        }
        _ => return None,
    })
}

#[test]
fn manifests_match_syft_expectations() {
    let Some(root) = shared() else { return };
    let groups: Vec<Value> =
        serde_json::from_slice(&std::fs::read(root.join("expected_packages.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for g in groups {
        let test = g["test_func"].as_str().unwrap_or("");
        let fixtures: Vec<&str> = g["fixtures"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["local_path"].as_str())
            .collect();
        let [fixture] = fixtures.as_slice() else {
            continue;
        };
        let Some(got) = parse(test, &root.join(fixture)) else {
            continue;
        };
        let want: BTreeSet<(String, String)> = g["packages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["literal_type"] == "pkg.Package")
            .map(|p| {
                (
                    p["Name"].as_str().unwrap().to_owned(),
                    p["Version"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        // Maven names are group:artifact here; syft's name is the artifact.
        let got: BTreeSet<(String, String)> = got
            .iter()
            .map(|p| {
                let name = p.name.rsplit(':').next().unwrap_or(&p.name).to_owned();
                (name, p.version.clone())
            })
            .collect();
        assert_eq!(got, want, "{test} on {fixture}");
        checked += 1;
    }
    eprintln!("{checked} fixtures checked");
    assert!(checked >= 8, "only {checked} fixtures checked");
}
