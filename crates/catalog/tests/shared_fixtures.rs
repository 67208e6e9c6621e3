//! The catalogers against the shared fixture corpus (syft's and
//! go-rpmdb's test data, read in place from `../shared/data`): release
//! detection, every rpm database format, dpkg and apk databases.

#![allow(clippy::print_stderr)]

use bosun_catalog::os::{apk, dpkg, rpm};
use serde_json::Value;

#[test]
fn release_detection_matches_syft_expectations() {
    let Some(root) = bosun_testkit::shared_data("sbom-fixtures") else {
        return;
    };
    let base = root.join("syft/linux-release");
    let cases: Vec<Value> =
        serde_json::from_slice(&std::fs::read(base.join("expected_releases.json")).unwrap())
            .unwrap();
    let mut checked = 0;
    for c in cases {
        let fixture = c["fixture"].as_str().unwrap();
        let dir = base.join(fixture);
        // Entries naming a single file feed that file alone to syft's parser.
        if !dir.is_dir() || c["test_func"] != "TestIdentifyRelease" {
            continue;
        }
        let files: Vec<(String, Vec<u8>)> = bosun_catalog::distro::RELEASE_FILES
            .iter()
            .filter_map(|p| std::fs::read(dir.join(p)).ok().map(|b| (p.to_string(), b)))
            .collect();
        let got = bosun_catalog::distro::detect(|p| {
            files
                .iter()
                .find(|(q, _)| q == p)
                .map(|(_, b)| b.as_slice())
        });
        let want = &c["expected_release"];
        let got_id = got
            .as_ref()
            .map(|d| d.id.as_str())
            .filter(|s| !s.is_empty());
        let got_v = got.as_ref().and_then(|d| d.version_id.as_deref());
        if want.is_null() {
            assert!(got.is_none(), "{fixture}: expected nothing, got {got:?}");
        } else {
            assert_eq!(got_id, want["ID"].as_str(), "{fixture} ID");
            assert_eq!(got_v, want["VersionID"].as_str(), "{fixture} VERSION_ID");
        }
        checked += 1;
    }
    eprintln!("{checked} release fixtures agree with syft");
    assert_eq!(
        checked, 30,
        "release fixtures checked; when more agree, update the figure in the same commit"
    );
}

#[test]
fn ndb_sle15_matches_go_rpmdb() {
    let Some(root) = bosun_testkit::shared_data("sbom-fixtures") else {
        return;
    };
    let base = root.join("go-rpmdb/testdata");
    let cases: Vec<Value> =
        serde_json::from_slice(&std::fs::read(root.join("go-rpmdb/expected.json")).unwrap())
            .unwrap();
    let case = cases
        .iter()
        .find(|c| c["fixture"] == "testdata/sle15-bci/Packages.db")
        .unwrap();
    let bytes = std::fs::read(base.join("sle15-bci/Packages.db")).unwrap();
    let headers = rpm::read(rpm::Format::Ndb, &bytes).unwrap();
    let want = case["expected_packages"].as_array().unwrap();
    assert_eq!(headers.len(), want.len());
    for w in want {
        let h = headers
            .iter()
            .find(|h| h.name == w["Name"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{} missing", w["Name"]));
        assert_eq!(h.version, w["Version"].as_str().unwrap());
        assert_eq!(h.release, w["Release"].as_str().unwrap());
        assert_eq!(h.arch.as_deref(), w["Arch"].as_str());
        assert_eq!(h.source_rpm.as_deref(), w["SourceRpm"].as_str());
        assert_eq!(h.license.as_deref(), w["License"].as_str());
        assert_eq!(h.epoch.map(u64::from), w["Epoch"].as_u64());
    }
}

#[test]
fn sqlite_and_bdb_read() {
    let Some(root) = bosun_testkit::shared_data("sbom-fixtures") else {
        return;
    };
    let base = root.join("go-rpmdb/testdata");
    let sq = rpm::read(
        rpm::Format::Sqlite,
        &std::fs::read(base.join("cbl-mariner-2.0/rpmdb.sqlite")).unwrap(),
    )
    .unwrap();
    assert!(sq.len() > 10, "{}", sq.len());
    assert!(
        sq.iter()
            .all(|h| !h.name.is_empty() && !h.version.is_empty())
    );
    let bdb = rpm::read(
        rpm::Format::Bdb,
        &std::fs::read(base.join("libuuid/Packages")).unwrap(),
    )
    .unwrap();
    assert!(!bdb.is_empty());
    assert!(
        bdb.iter().any(|h| h.name == "libuuid"),
        "{:?}",
        bdb.iter().map(|h| &h.name).collect::<Vec<_>>()
    );
    let syft_bdb = root.join("syft/cataloger/redhat/testdata/Packages");
    if syft_bdb.exists() {
        let h = rpm::read(rpm::Format::Bdb, &std::fs::read(syft_bdb).unwrap()).unwrap();
        assert!(!h.is_empty());
    }
    eprintln!("sqlite {} headers, bdb {} headers", sq.len(), bdb.len());
}

#[test]
fn truncations_of_real_databases_never_panic() {
    let Some(root) = bosun_testkit::shared_data("sbom-fixtures") else {
        return;
    };
    let base = root.join("go-rpmdb/testdata");
    for (file, format) in [
        ("libuuid/Packages", rpm::Format::Bdb),
        ("sle15-bci/Packages.db", rpm::Format::Ndb),
    ] {
        let bytes = std::fs::read(base.join(file)).unwrap();
        let step = (bytes.len() / 97).max(1);
        for cut in (0..bytes.len()).step_by(step) {
            let _ = rpm::read(format, &bytes[..cut]);
            let mut flipped = bytes.clone();
            flipped[cut] ^= 0xff;
            let _ = rpm::read(format, &flipped);
        }
    }
}

#[test]
fn dpkg_and_apk_fixtures() {
    let Some(root) = bosun_testkit::shared_data("sbom-fixtures") else {
        return;
    };
    let deb = root.join("syft/cataloger/debian/testdata");
    let status = std::fs::read_to_string(deb.join("image-dpkg/var/lib/dpkg/status")).unwrap();
    let p = dpkg::parse_status(&status);
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].name, "libpam-runtime");
    let deinstall = std::fs::read_to_string(deb.join("var/lib/dpkg/status.d/deinstall")).unwrap();
    let names: Vec<_> = dpkg::parse_status(&deinstall)
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(names, ["linux-image-6.14.0-1012-aws"]);
    let multiple = std::fs::read_to_string(deb.join("var/lib/dpkg/status.d/multiple")).unwrap();
    assert!(dpkg::parse_status(&multiple).len() >= 2);
    let apkdir = root.join("syft/cataloger/alpine/testdata");
    let mut n = 0;
    for e in std::fs::read_dir(&apkdir).unwrap().flatten() {
        if e.path().is_file() && e.file_name() != "corrupt" {
            let t = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
            n += apk::parse_installed(&t).len();
        }
    }
    assert!(n > 0);
}
