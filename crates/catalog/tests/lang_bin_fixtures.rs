//! The Go, Rust and Java manifest parsers against syft's own test
//! expectations (`../shared/data/sbom-fixtures/syft/expected_packages.json`,
//! fixtures read in place): the set of (name, version) must be equal.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;

use bosun_catalog::Package;
use bosun_catalog::lang::{go, java, rust};

mod syft_expected;

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
    let Some(expected) = syft_expected::load() else {
        return;
    };
    let mut checked = 0;
    for g in &expected.groups {
        let test = g.func.as_str();
        let [fixture] = g.fixtures.as_slice() else {
            continue;
        };
        let Some(got) = parse(test, &expected.root.join(fixture)) else {
            continue;
        };
        let want: BTreeSet<(String, String)> = g
            .packages
            .iter()
            .filter(|p| p.literal_type == "pkg.Package")
            .map(|p| {
                (
                    p.name.clone().unwrap(),
                    p.version.clone().unwrap_or_default(),
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
    assert_eq!(
        checked, 9,
        "fixtures checked; when more agree, update the figure in the same commit"
    );
}
