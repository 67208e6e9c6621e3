//! The language parsers against syft's own test expectations
//! (`../shared/data/sbom-fixtures/syft/expected_packages.json`, read in
//! place): for each syft parser test below, the (name, version) set its
//! fixture yields must equal syft's, apart from the differences listed
//! with their reason. Development dependencies, which syft leaves out by
//! default and bosun keeps marked `dev`, are not compared. A fixture bosun
//! fails to parse fails the test (it is not "no packages"), and the number
//! of fixtures checked per ecosystem is asserted exactly.

#![allow(clippy::print_stderr, clippy::unwrap_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use bosun_catalog::lang::{dotnet, file::ParseFn, javascript, php, python, ruby};

mod syft_expected;

type Ids = BTreeSet<(String, String)>;

/// syft keeps poetry's `category = "dev"` packages (its other lockfile
/// parsers drop development dependencies), and its plain pnpm test turns
/// them on (`TestParsePnpmLock_ExcludeDevDependencies` is the default).
const SYFT_KEEPS_DEV: &[&str] = &["TestParsePoetryLock", "TestParsePnpmLock"];

fn pep503(s: &str) -> String {
    bosun_catalog::lang::file::pep503(s)
}

/// Checks every fixture of the syft tests named in `cases` with its parser;
/// `known` lists (name, version) pairs syft reports and bosun does not
/// (or the reverse), with why. Exactly `fixtures` fixtures must be checked:
/// fewer means one stopped being compared; when more agree, update the
/// figure in the same commit.
fn check(ecosystem: &str, cases: &[(&str, ParseFn)], known: &[(&str, &str)], fixtures: usize) {
    let Some(expected) = syft_expected::load() else {
        return;
    };
    let root = &expected.root;
    let norm = |n: &str| {
        if ecosystem == "python" {
            pep503(n)
        } else {
            n.to_owned()
        }
    };
    let known: Ids = known
        .iter()
        .map(|(n, v)| (norm(n), v.to_string()))
        .collect();
    let mut checked = 0;
    for g in &expected.groups {
        let func = g.func.as_str();
        if !g.file.contains(&format!("/{ecosystem}/")) {
            continue;
        }
        let Some(&(_, parse)) = cases.iter().find(|(f, _)| *f == func) else {
            continue;
        };
        // A (file, directory) pair names the file's context: the file is the input.
        let has_file = g.fixtures.iter().any(|l| root.join(l).is_file());
        for local in &g.fixtures {
            let path = root.join(local);
            if has_file && path.is_dir() {
                continue;
            }
            let files: Vec<PathBuf> = if path.is_dir() {
                std::fs::read_dir(&path)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.is_file())
                    .collect()
            } else {
                vec![path.clone()]
            };
            let mut got = Ids::new();
            for file in files {
                let bytes = std::fs::read(&file).unwrap();
                let name = file.display().to_string();
                // A fixture syft parses is one bosun must parse: an error
                // fails here rather than passing as "no packages".
                let parsed = parse(&name, &bytes).unwrap_or_else(|e| panic!("{func}: {e}"));
                for p in parsed {
                    // syft leaves development dependencies out; bosun keeps them, marked.
                    if p.properties.contains_key("dev") && !SYFT_KEEPS_DEV.contains(&func) {
                        continue;
                    }
                    got.insert((norm(&p.name), p.version));
                }
            }
            let want: Ids = g
                .packages
                .iter()
                .filter_map(|p| Some((norm(p.name.as_deref()?), p.version.clone()?)))
                .collect();
            let diff: Ids = got.symmetric_difference(&want).cloned().collect();
            let unexplained: Ids = diff.difference(&known).cloned().collect();
            assert!(
                unexplained.is_empty(),
                "{func} {local}: only bosun {:?}, only syft {:?}",
                got.difference(&want).collect::<Vec<_>>(),
                want.difference(&got).collect::<Vec<_>>()
            );
            checked += 1;
        }
    }
    eprintln!("{ecosystem}: {checked} fixtures agree with syft's expectations");
    assert_eq!(
        checked, fixtures,
        "{ecosystem}: {checked} fixtures checked, {fixtures} expected; when more agree, update the figure in the same commit"
    );
}

#[test]
fn python() {
    check(
        "python",
        &[
            ("TestParsePipFileLock", python::pipfile::parse),
            ("TestParsePoetryLock", python::poetry::parse),
            ("TestParseUvLock", python::uv::parse),
            ("TestParseRequirementsTxt", python::requirements::parse),
            (
                "TestParseWheelEggMetadata",
                python::installed::parse_metadata,
            ),
        ],
        // syft's test turns on guessing a version from an unpinned range
        // (off by default); a range names no installed version.
        &[
            ("bar", "2.0.0"),
            ("mopidy-dirble", "1.1"),
            ("numpy", "3.4.1"),
            ("requests", "2.8.0"),
            ("sqlalchemy", "2.0.0"),
        ],
        6,
    );
}

#[test]
fn javascript() {
    use javascript::{package_json, package_lock, pnpm, yarn};
    check(
        "javascript",
        &[
            ("TestParsePackageJSON", package_json::parse),
            ("TestParsePackageLock", package_lock::parse),
            (
                "TestParsePackageLockV1NestedDependencies",
                package_lock::parse,
            ),
            ("TestParsePackageLockV2", package_lock::parse),
            ("TestParsePackageLockV3", package_lock::parse),
            ("TestParsePackageLockAlias", package_lock::parse),
            ("TestParsePackageLockLicenseWithArray", package_lock::parse),
            ("TestParsePnpmLock", pnpm::parse),
            ("TestParsePnpmLock_ExcludeDevDependencies", pnpm::parse),
            ("TestParsePnpmV6Lock", pnpm::parse),
            ("TestParsePnpmLockV5PeerSuffix", pnpm::parse),
            ("TestParsePnpmLockV9", pnpm::parse),
            ("TestParsePnpmLockV9WithDependencies", pnpm::parse),
            ("TestParsePnpmLock_MultiDocument", pnpm::parse),
            ("TestParseYarnBerry", yarn::parse),
            ("TestParseYarnBerryWithDuplicates", yarn::parse),
            ("TestParseYarnLock", yarn::parse),
            ("TestParseYarnLockWithRelationships", yarn::parse),
            ("TestParseYarnLockWithDuplicates", yarn::parse),
        ],
        &[],
        37,
    );
}

#[test]
fn ruby() {
    check(
        "ruby",
        &[
            ("TestParseGemfileLockEntries", ruby::gemfile_lock::parse),
            ("TestParseGemspec", ruby::gemspec::parse),
            (
                "TestParseGemspec_ResolvesRubyInterpolation",
                ruby::gemspec::parse,
            ),
        ],
        &[],
        3,
    );
}

#[test]
fn php() {
    check(
        "php",
        &[
            ("TestParseComposerFileLock", php::composer_lock::parse),
            ("TestParseInstalledJsonComposerV1", php::installed::parse),
        ],
        &[],
        3,
    );
}

#[test]
fn dotnet() {
    check(
        "dotnet",
        &[
            ("TestParseDotnetDeps", dotnet::deps_json::parse),
            ("TestParseDotnetPackagesLock", dotnet::packages_lock::parse),
        ],
        &[],
        2,
    );
}
