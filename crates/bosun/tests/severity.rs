//! Severity data end to end, from the real published records: Debian's
//! OSV record for glibc's "Looney Tunables" (CVE-2023-4911) and CISA's KEV
//! catalog as published. A bookworm root filesystem with the vulnerable
//! libc6 gets the finding with its score and source, says it is in KEV,
//! and `--kev` keeps it while `--min-epss` (no EPSS data) drops it.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use bosun_testkit::need::shared_data;
use serde_json::Value;

fn bosun(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("BOSUN_CACHE_DIR", dir.join("cache"))
        .env("BOSUN_DB", dir.join("db.sqlite"))
        .env("NO_COLOR", "1")
        .env_remove("BOSUN_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_kev_listed_debian_finding_says_so() {
    let (Some(record), Some(kev)) = (
        shared_data("advisories/debian12-osv/CVE/2023/CVE-2023-4911.json"),
        shared_data("advisories/kev/known_exploited_vulnerabilities.json"),
    ) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    let root = d.join("root");
    std::fs::create_dir_all(root.join("etc")).unwrap();
    std::fs::create_dir_all(root.join("var/lib/dpkg")).unwrap();
    std::fs::write(
        root.join("etc/os-release"),
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nID=debian\n",
    )
    .unwrap();
    std::fs::write(
        root.join("var/lib/dpkg/status"),
        "Package: libc6\nStatus: install ok installed\nPriority: optional\nSection: libs\n\
         Installed-Size: 12988\nMaintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>\n\
         Architecture: amd64\nMulti-Arch: same\nSource: glibc\nVersion: 2.36-9+deb12u1\n\
         Description: GNU C Library: Shared libraries\n\n",
    )
    .unwrap();
    for args in [
        vec!["db", "import", record.to_str().unwrap()],
        vec!["db", "import", "--type", "kev", kev.to_str().unwrap()],
    ] {
        let (code, out, err) = bosun(d, &args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
    }
    let (code, out, err) = bosun(d, &["scan", "dir:root", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "CVE-2023-4911")
        .unwrap_or_else(|| panic!("no CVE-2023-4911 in {out}"));
    assert_eq!(f["package"]["name"], "libc6");
    assert_eq!(f["fixed_versions"], serde_json::json!(["2.36-9+deb12u3"]));
    assert_eq!(f["kev"]["date_added"], "2023-11-21");
    assert_eq!(f["kev"]["due_date"], "2023-12-12");
    assert_eq!(f["severity"], "HIGH");
    assert_eq!(f["score"]["base_score"], 7.8);
    assert_eq!(
        f["scores"][0]["vector"],
        "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"
    );
    // The table marks it.
    let (_, table, _) = bosun(d, &["scan", "dir:root"]);
    let row = table.lines().find(|l| l.contains("CVE-2023-4911")).unwrap();
    assert!(row.contains("KEV") && row.contains("7.8"), "{row}");
    // --kev keeps it; --min-epss drops it (no EPSS data imported).
    let (_, out, _) = bosun(d, &["scan", "dir:root", "--kev", "-f", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{out}");
    let (_, out, _) = bosun(d, &["scan", "dir:root", "--min-epss", "0.1", "-f", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["findings"].as_array().unwrap().is_empty(), "{out}");
}
