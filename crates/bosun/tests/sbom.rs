//! `bosun sbom` as a user runs it: a small layered image built here (dpkg
//! with a package upgraded and one added in a later layer, distroless
//! `status.d`, apk), output snapshots, and the CycloneDX and SPDX documents
//! checked by the official schema and the SPDX validator.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use bosun_testkit::{ImageSpec, Layer, cyclonedx_schema, oci_layout, require_tool};

fn bosun(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1704164645")
        .env("BOSUN_CACHE_DIR", dir.join("default-cache"))
        .env_remove("BOSUN_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const OS_RELEASE: &[u8] = b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";

fn status(pkgs: &[(&str, &str, Option<&str>)]) -> Vec<u8> {
    let mut s = String::new();
    for (name, version, source) in pkgs {
        s.push_str(&format!(
            "Package: {name}\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\n"
        ));
        if let Some(src) = source {
            s.push_str(&format!("Source: {src}\n"));
        }
        s.push_str(&format!(
            "Version: {version}\nDescription: {name}\n multi-line\n\n"
        ));
    }
    s.push_str("Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n");
    s.into_bytes()
}

/// Debian: libc6 and zlib1g in the base layer, zlib1g upgraded and curl
/// added by the second, an unrelated third layer.
fn debian_image(dir: &Path) {
    let base = Layer::build(|t| {
        t.file("etc/os-release", OS_RELEASE)?;
        t.file("etc/debian_version", b"12.5\n")?;
        t.file(
            "var/lib/dpkg/status",
            &status(&[
                ("libc6", "2.36-9+deb12u4", Some("glibc (2.36-9)")),
                ("zlib1g", "1:1.2.13.dfsg-1", Some("zlib")),
            ]),
        )?;
        t.file(
            "var/lib/dpkg/info/libc6:amd64.list",
            b"/.\n/lib\n/lib/x86_64-linux-gnu\n/lib/x86_64-linux-gnu/libc.so.6\n/usr/share/doc/libc6\n",
        )?;
        t.file(
            "usr/share/doc/zlib1g/copyright",
            b"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: Zlib\n",
        )
    })
    .created_by("/bin/sh -c #(nop) ADD file:base in / ");
    let upgrade = Layer::build(|t| {
        t.file(
            "var/lib/dpkg/status",
            &status(&[
                ("curl", "7.88.1-10+deb12u5", None),
                ("libc6", "2.36-9+deb12u4", Some("glibc (2.36-9)")),
                (
                    "zlib1g",
                    "1:1.2.13.dfsg-1+b1",
                    Some("zlib (1:1.2.13.dfsg-1)"),
                ),
            ]),
        )?;
        t.file(
            "var/lib/dpkg/info/curl.md5sums",
            b"0123456789abcdef0123456789abcdef  usr/bin/curl\n",
        )
    })
    .created_by("/bin/sh -c apt-get install -y curl zlib1g # token=s3cr3t");
    let app = Layer::build(|t| t.file("app/main.py", b"print(1)\n"))
        .created_by("/bin/sh -c #(nop) COPY file:app in /app ");
    let spec = ImageSpec::new().layer(base).layer(upgrade).layer(app);
    oci_layout(dir, &spec, "latest");
}

fn distroless_image(dir: &Path) {
    let l = Layer::build(|t| {
        t.file(
            "etc/os-release",
            b"PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\nVERSION_ID=\"12\"\n",
        )?;
        t.file(
            "var/lib/dpkg/status.d/base-files",
            b"Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n",
        )?;
        t.file(
            "var/lib/dpkg/status.d/libssl3",
            b"Package: libssl3\nVersion: 3.0.11-1~deb12u2\nArchitecture: amd64\nSource: openssl\n",
        )?;
        t.file(
            "var/lib/dpkg/status.d/libssl3.md5sums",
            b"0123456789abcdef0123456789abcdef  usr/lib/x86_64-linux-gnu/libssl.so.3\n",
        )
    });
    oci_layout(dir, &ImageSpec::new().layer(l), "latest");
}

fn alpine_image(dir: &Path) {
    let l = Layer::build(|t| {
        t.file("etc/alpine-release", b"3.20.3\n")?;
        t.file(
            "etc/os-release",
            b"NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.20.3\n",
        )?;
        t.file(
            "lib/apk/db/installed",
            b"P:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\nF:lib\nR:ld-musl-x86_64.so.1\n\nP:busybox-binsh\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\no:busybox\nF:bin\nR:sh\n\n",
        )
    });
    oci_layout(dir, &ImageSpec::new().layer(l), "latest");
}

#[test]
fn debian_table_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    debian_image(&tmp.path().join("img"));
    let (code, out, err) = bosun(tmp.path(), &["sbom", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("sbom_debian_table", out);
    let (code, out, err) = bosun(tmp.path(), &["sbom", "oci:img:latest", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("s3cr3t"), "secret printed");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let pkgs = v["packages"].as_array().unwrap();
    let find = |n: &str| pkgs.iter().find(|p| p["name"] == n).unwrap();
    // Unchanged since the base layer, though the database was rewritten.
    assert_eq!(find("libc6")["introduced_layer"]["index"], 0);
    assert_eq!(find("libc6")["db_layer"]["index"], 1);
    // Upgraded and added in layer 1.
    assert_eq!(find("zlib1g")["introduced_layer"]["index"], 1);
    assert_eq!(find("curl")["introduced_layer"]["index"], 1);
    assert!(pkgs.iter().all(|p| p["name"] != "gone"));
    insta::assert_json_snapshot!("sbom_debian_json", v);
}

#[test]
fn distroless_and_alpine() {
    let tmp = tempfile::tempdir().unwrap();
    distroless_image(&tmp.path().join("dl"));
    alpine_image(&tmp.path().join("al"));
    let (code, out, err) = bosun(tmp.path(), &["sbom", "oci:dl:latest", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["base-files", "libssl3"]);
    assert_eq!(
        v["packages"][1]["files"][0],
        "/usr/lib/x86_64-linux-gnu/libssl.so.3"
    );
    let (code, out, err) = bosun(tmp.path(), &["sbom", "oci:al:latest", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["distro"]["ecosystem"], "Alpine:v3.20");
    assert_eq!(
        v["packages"][0]["purl"],
        "pkg:apk/alpine/busybox-binsh@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3&upstream=busybox"
    );
}

#[test]
fn cyclonedx_validates_against_the_official_schema() {
    let Some(check_jsonschema) = require_tool("check-jsonschema") else {
        return;
    };
    // cyclonedx-python-lib ships the official schema files.
    let Some(schema) = cyclonedx_schema() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    debian_image(&tmp.path().join("img"));
    alpine_image(&tmp.path().join("al"));
    for img in ["oci:img:latest", "oci:al:latest"] {
        let (code, _, err) = bosun(
            tmp.path(),
            &["sbom", img, "-f", "cyclonedx-json", "-o", "bom.cdx.json"],
        );
        assert_eq!(code, 0, "{err}");
        let r = Command::new(&check_jsonschema)
            .arg("--schemafile")
            .arg(&schema)
            .arg(tmp.path().join("bom.cdx.json"))
            .output()
            .unwrap();
        assert!(
            r.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        );
    }
}

#[test]
fn spdx_validates_with_spdx_tools() {
    let Some(pyspdxtools) = require_tool("pyspdxtools") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    debian_image(&tmp.path().join("img"));
    distroless_image(&tmp.path().join("dl"));
    for img in ["oci:img:latest", "oci:dl:latest"] {
        let (code, _, err) = bosun(
            tmp.path(),
            &["sbom", img, "-f", "spdx-json", "-o", "doc.spdx.json"],
        );
        assert_eq!(code, 0, "{err}");
        let r = Command::new(&pyspdxtools)
            .arg("-i")
            .arg(tmp.path().join("doc.spdx.json"))
            .output()
            .unwrap();
        let msg = format!(
            "{}{}",
            String::from_utf8_lossy(&r.stdout),
            String::from_utf8_lossy(&r.stderr)
        );
        assert!(r.status.success() && !msg.contains("rror"), "{msg}");
    }
}

#[test]
fn second_run_reads_the_cache_and_survives_corruption() {
    let tmp = tempfile::tempdir().unwrap();
    debian_image(&tmp.path().join("img"));
    let args = [
        "sbom",
        "oci:img:latest",
        "-f",
        "json",
        "--catalog-cache-dir",
        "cache",
    ];
    let (code, first, err) = bosun(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    let cached = |prefix: &str| -> Vec<std::path::PathBuf> {
        std::fs::read_dir(tmp.path().join("cache"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .collect()
    };
    let entries = cached("sbom-");
    assert_eq!(entries.len(), 1);
    let v: serde_json::Value = serde_json::from_str(&first).unwrap();
    let layers = v["layers"].as_array().unwrap();
    assert_eq!(cached("layer-").len(), layers.len());
    let move_blobs = |from: &str, to: &str| {
        for l in layers {
            let hex = l["digest"].as_str().unwrap().trim_start_matches("sha256:");
            let blob = tmp.path().join("img/blobs/sha256").join(hex);
            std::fs::rename(blob.with_extension(from), blob.with_extension(to)).unwrap();
        }
    };
    // A cached run still establishes that the image is whole: without its
    // layer blobs it is refused, not answered from the cache.
    move_blobs("", "away");
    let (code, _, err) = bosun(tmp.path(), &args);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("layer ") && err.contains("not found"), "{err}");
    move_blobs("away", "");
    let (code, second, err) = bosun(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first, second);
    // Without the image's entry, the per-layer entries still spare the walk.
    std::fs::remove_file(&entries[0]).unwrap();
    let (code, second, err) = bosun(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first, second);
    std::fs::write(&entries[0], b"{not json").unwrap();
    for e in cached("layer-") {
        std::fs::write(e, b"garbage").unwrap();
    }
    let (code, third, err) = bosun(tmp.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(first, third);
    assert!(std::fs::read(&entries[0]).unwrap().starts_with(b"{\""));
}
