//! Accuracy against syft: the set of (type, name, version, source package)
//! that bosun and syft report for dpkg, apk and rpm must be equal on the
//! shared package-database fixtures (laid out as root filesystems here)
//! and on any images listed in `BOSUN_SBOM_SYFT_IMAGES` (space-separated
//! `BOSUN_REF=SYFT_REF` pairs, e.g.
//! `oci:bench/out/big:big=oci-dir:bench/out/big`). Differences are printed.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use bosun_testkit::{shared_data, syft_binary};
use serde_json::Value;

type Key = (String, String, String, String);

/// `name-1.2-3.el8.src.rpm` → `name`.
fn srpm_name(s: &str) -> String {
    let base = s
        .trim_end_matches(".src.rpm")
        .trim_end_matches(".nosrc.rpm");
    let mut parts = base.rsplitn(3, '-');
    let (_, _, name) = (parts.next(), parts.next(), parts.next());
    name.unwrap_or(base).to_owned()
}

fn syft_set(syft: &Path, target: &str) -> BTreeSet<Key> {
    let out = Command::new(syft)
        .args(["-q", target, "-o", "syft-json"])
        .env("SYFT_CHECK_FOR_APP_UPDATE", "false")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "syft {target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut set = BTreeSet::new();
    for a in v["artifacts"].as_array().unwrap() {
        let kind = a["type"].as_str().unwrap_or("");
        let m = &a["metadata"];
        let source = match kind {
            "deb" => m["source"].as_str().unwrap_or("").to_owned(),
            "apk" => m["originPackage"].as_str().unwrap_or("").to_owned(),
            "rpm" => srpm_name(m["sourceRpm"].as_str().unwrap_or("")),
            _ => continue,
        };
        set.insert((
            kind.to_owned(),
            a["name"].as_str().unwrap_or("").to_owned(),
            a["version"].as_str().unwrap_or("").to_owned(),
            source,
        ));
    }
    set
}

fn bosun_set(target: &str) -> BTreeSet<Key> {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(["sbom", "-q", "--no-cache", target, "-f", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bosun {target}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["problems"].as_array().map_or(0, Vec::len),
        0,
        "{}",
        v["problems"]
    );
    v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let kind = p["type"].as_str().unwrap().to_owned();
            // Both report the Source field as written, even when it names
            // the package itself (binNMUs: `Source: bash (5.2.15-2)`).
            let source = p["source"]["name"].as_str().unwrap_or("").to_owned();
            (
                kind,
                p["name"].as_str().unwrap().to_owned(),
                p["version"].as_str().unwrap().to_owned(),
                source,
            )
        })
        .collect()
}

fn compare(label: &str, ours: &BTreeSet<Key>, theirs: &BTreeSet<Key>) -> usize {
    let only_ours: Vec<_> = ours.difference(theirs).collect();
    let only_syft: Vec<_> = theirs.difference(ours).collect();
    eprintln!(
        "{label}: bosun {} syft {} common {} only-bosun {} only-syft {}",
        ours.len(),
        theirs.len(),
        ours.intersection(theirs).count(),
        only_ours.len(),
        only_syft.len()
    );
    for k in only_ours.iter().take(20) {
        eprintln!("  only bosun: {k:?}");
    }
    for k in only_syft.iter().take(20) {
        eprintln!("  only syft:  {k:?}");
    }
    only_ours.len() + only_syft.len()
}

fn place(root: &Path, rel: &str, from: &Path) {
    let dst = root.join(rel);
    std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
    std::fs::copy(from, &dst).unwrap();
}

#[test]
fn same_packages_as_syft() {
    let Some(syft) = syft_binary() else {
        return;
    };
    let mut cases: Vec<(String, String)> = Vec::new();
    let tmp = tempfile::tempdir().unwrap();
    if let Some(shared) = shared_data("sbom-fixtures") {
        let deb = shared.join("syft/cataloger/debian/testdata");
        let alpine = shared.join("syft/cataloger/alpine/testdata");
        for p in [
            deb.join("image-dpkg"),
            deb.join("image-distroless-deb"),
            alpine.join("multiple-1"),
            alpine.join("multiple-2"),
        ] {
            cases.push((
                format!("dir:{}", p.display()),
                format!("dir:{}", p.display()),
            ));
        }
        let mut roots = Vec::new();
        for f in [
            "base",
            "single",
            "extra-file-attributes",
            "empty-deps-and-provides",
        ] {
            roots.push((format!("apk-{f}"), "lib/apk/db/installed", alpine.join(f)));
        }
        let rpmdb = shared.join("go-rpmdb/testdata");
        roots.push((
            "rpm-bdb".into(),
            "var/lib/rpm/Packages",
            rpmdb.join("libuuid/Packages"),
        ));
        roots.push((
            "rpm-bdb-syft".into(),
            "var/lib/rpm/Packages",
            shared.join("syft/cataloger/redhat/testdata/Packages"),
        ));
        roots.push((
            "rpm-sqlite".into(),
            "var/lib/rpm/rpmdb.sqlite",
            rpmdb.join("cbl-mariner-2.0/rpmdb.sqlite"),
        ));
        roots.push((
            "rpm-ndb".into(),
            "usr/lib/sysimage/rpm/Packages.db",
            rpmdb.join("sle15-bci/Packages.db"),
        ));
        for (name, rel, from) in roots {
            let root = tmp.path().join(name);
            place(&root, rel, &from);
            cases.push((
                format!("dir:{}", root.display()),
                format!("dir:{}", root.display()),
            ));
        }
    }
    if let Ok(list) = std::env::var("BOSUN_SBOM_SYFT_IMAGES") {
        for pair in list.split_whitespace() {
            let (a, b) = pair.split_once('=').unwrap();
            cases.push((a.to_owned(), b.to_owned()));
        }
    }
    // syft spends most of each run waiting, so run cases side by side.
    let results: Vec<(usize, usize)> = std::thread::scope(|sc| {
        let handles: Vec<_> = cases
            .iter()
            .map(|(ours, theirs)| {
                let syft = &syft;
                sc.spawn(move || {
                    let o = bosun_set(ours);
                    let t = syft_set(syft, theirs);
                    (o.len(), compare(ours, &o, &t))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let total: usize = results.iter().map(|r| r.0).sum();
    let differences: usize = results.iter().map(|r| r.1).sum();
    eprintln!(
        "{} cases, {total} bosun packages, {differences} differences",
        cases.len()
    );
    assert_eq!(differences, 0);
    // The figures of the shared fixtures alone (no extra images).
    if std::env::var_os("BOSUN_SBOM_SYFT_IMAGES").is_none() && !cases.is_empty() {
        assert_eq!(
            (cases.len(), total),
            (12, 190),
            "(cases, packages) compared with syft changed: a drop is a regression, an increase is recorded here in the same commit"
        );
    }
}
