//! Images made by real tools: umoci builds an OCI layout, skopeo converts it
//! to an OCI archive and a docker archive and back. bosun must report the
//! same configuration, layers and files for every form, matching what
//! `skopeo inspect` says.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::path::Path;
use std::process::Command;

use bosun_image::{Image, ImageRef, OpenOptions};

fn sh(dir: &Path, cmd: &str) -> Vec<u8> {
    let out = Command::new("sh")
        .arg("-ec")
        .arg(cmd)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{cmd}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn layer_digests(img: &Image) -> Vec<String> {
    (0..img.layers.len())
        .map(|i| {
            let mut s = img.open_layer(i, None).unwrap();
            std::io::copy(&mut s, &mut std::io::sink()).unwrap();
            let d = s.finish().unwrap();
            d.blob.digest.unwrap().to_string()
        })
        .collect()
}

#[test]
fn skopeo_conversions_agree() {
    if !bosun_testkit::require_tools(&["skopeo", "umoci"]) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    sh(
        d,
        "umoci init --layout L
         umoci new --image L:base
         umoci unpack --image L:base b1 >/dev/null
         mkdir -p b1/rootfs/etc b1/rootfs/usr/bin
         printf 'ID=alpine\\n' > b1/rootfs/etc/os-release
         printf 'x' > b1/rootfs/usr/bin/tool && chmod 4755 b1/rootfs/usr/bin/tool
         ln -s ../etc/os-release b1/rootfs/usr/os-release
         umoci repack --image L:base b1
         rm -rf b1
         umoci unpack --image L:base b2 >/dev/null
         echo hi > b2/rootfs/hello
         rm b2/rootfs/etc/os-release
         umoci repack --image L:base b2
         rm -rf b2
         umoci config --image L:base --config.user 1000 --config.env A=b --config.cmd sh
         skopeo copy -q oci:L:base oci-archive:A.tar
         skopeo copy -q oci:L:base docker-archive:D.tar:app:1
         skopeo copy -q docker-archive:D.tar oci:L2:x",
    );
    let refs = [
        "oci:L:base",
        "oci-archive:A.tar",
        "docker-archive:D.tar",
        "oci:L2:x",
    ];
    let mut seen: Option<(String, Vec<String>, Vec<String>)> = None;
    for r in refs {
        let skopeo: serde_json::Value =
            serde_json::from_slice(&sh(d, &format!("skopeo inspect {r}"))).unwrap();
        let raw_config = sh(d, &format!("skopeo inspect --raw --config {r}"));
        let abs = r.replacen(':', &format!(":{}/", d.display()), 1);
        let img = Image::open(&ImageRef::parse(&abs).unwrap(), &OpenOptions::default()).unwrap();
        let config = img.config_digest.as_ref().unwrap().to_string();
        assert_eq!(
            config,
            bosun_image::Digest::of(bosun_image::Algorithm::Sha256, &raw_config).to_string(),
            "{r}"
        );
        let layers = layer_digests(&img);
        let expect: Vec<String> = skopeo["Layers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(layers, expect, "{r}: layer digests");
        if !r.starts_with("docker-archive") {
            assert_eq!(
                img.manifest_digest.as_ref().unwrap().to_string(),
                skopeo["Digest"].as_str().unwrap(),
                "{r}"
            );
        }
        assert_eq!(img.config.config.user.as_deref(), Some("1000"));
        // The files of the final filesystem.
        let walk = bosun_layers_free_listing(&img);
        let diff_ids: Vec<String> = img
            .layers
            .iter()
            .map(|l| l.diff_id.as_ref().unwrap().to_string())
            .collect();
        match &seen {
            None => seen = Some((config, diff_ids, walk)),
            Some((c, di, w)) => {
                // skopeo rewrites the configuration when it turns a docker
                // archive back into OCI, so the round trip keeps only the
                // layers' content.
                if r != "oci:L2:x" {
                    assert_eq!(&config, c, "{r}: config");
                }
                assert_eq!(&diff_ids, di, "{r}: diff_ids");
                assert_eq!(&walk, w, "{r}: files");
            }
        }
    }
}

/// Every entry's (path, type byte, mode, size) of every layer, as read by
/// bosun's tar reader.
fn bosun_layers_free_listing(img: &Image) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..img.layers.len() {
        let s = img.open_layer(i, None).unwrap();
        let mut r = bosun_tar::Reader::new(s);
        while let Some(e) = r.next_entry().unwrap() {
            let h = e.header();
            out.push(format!(
                "{i} {} {:?} {:o} {}",
                String::from_utf8_lossy(&h.path),
                h.kind,
                h.mode,
                h.size
            ));
        }
    }
    out
}
