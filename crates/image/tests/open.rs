//! Opening images built by the testkit: every transport, platform
//! selection, and tampered content.

#![allow(clippy::unwrap_used)]

use std::io::Read;

use bosun_image::{Error, Image, ImageRef, OpenOptions, Platform, Selector};
use bosun_testkit::{Compression, ImageSpec, Layer, OciLayout};
use serde_json::json;

fn spec(arch: &str) -> ImageSpec {
    ImageSpec::new()
        .platform("linux", arch, None)
        .layer(Layer::build(|t| t.file("etc/os-release", b"ID=test\n")).created_by("ADD rootfs /"))
        .empty_step("ENV A=b")
        .layer(
            Layer::build(|t| t.file("app/bin", arch.as_bytes()))
                .compression(Compression::Zstd)
                .created_by("COPY app /app"),
        )
        .config("User", json!("app"))
}

fn read_layer(img: &Image, i: usize) -> Vec<u8> {
    let mut s = img.open_layer(i, None).unwrap();
    let mut v = Vec::new();
    s.read_to_end(&mut v).unwrap();
    s.finish().unwrap();
    v
}

#[test]
fn oci_layout_with_tags_and_nested_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    let mut l = OciLayout::create(&dir);
    let single = l.add_image(&spec("amd64"), Some("single"));
    let (idx, built) = l.add_index(
        &[
            spec("amd64"),
            spec("arm64"),
            spec("arm").platform("linux", "arm", Some("v7")),
        ],
        Some("multi"),
    );
    l.finish();

    let open = |r: &str, p: Option<&str>| {
        Image::open(
            &ImageRef::parse(r).unwrap(),
            &OpenOptions {
                platform: p.map(|p| p.parse::<Platform>().unwrap()),
            },
        )
    };
    let d = dir.display();
    let img = open(&format!("oci:{d}:single"), None).unwrap();
    assert_eq!(
        img.manifest_digest.as_ref().unwrap().to_string(),
        single.manifest_digest
    );
    assert_eq!(img.layers.len(), 2);
    assert_eq!(img.layers[1].history, Some(2));
    assert_eq!(img.config.config.user.as_deref(), Some("app"));
    assert_eq!(read_layer(&img, 1).len(), 2048);

    let img = open(&format!("oci:{d}:multi"), Some("linux/arm64")).unwrap();
    assert_eq!(img.index_digest.as_ref().unwrap().to_string(), idx);
    assert_eq!(
        img.manifest_digest.as_ref().unwrap().to_string(),
        built[1].manifest_digest
    );
    let img = open(&format!("oci:{d}:multi"), None).unwrap();
    assert_eq!(img.config.architecture, "amd64");

    let err = open(&format!("oci:{d}:multi"), Some("linux/s390x"))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("linux/s390x") && err.contains("linux/arm64") && err.contains("linux/arm/v7"),
        "{err}"
    );
    let err = open(&format!("oci:{d}"), None).unwrap_err().to_string();
    assert!(err.contains("single") && err.contains("multi"), "{err}");
    let err = open(&format!("oci:{d}:nope"), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("nope"), "{err}");
    let img = open(&format!("oci:{d}@{}", built[2].manifest_digest), None).unwrap();
    assert_eq!(img.config.architecture, "arm");
    // Recognised by content without a prefix.
    assert!(matches!(
        ImageRef::parse(&d.to_string()).unwrap(),
        ImageRef::OciLayout { .. }
    ));
}

#[test]
fn oci_archive_and_docker_archive() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    let built = bosun_testkit::oci_layout(&dir, &spec("amd64"), "v1");
    let archive = tmp.path().join("img.tar");
    bosun_testkit::tar_directory(&dir, &archive);
    let r = ImageRef::parse(archive.to_str().unwrap()).unwrap();
    assert!(matches!(r, ImageRef::OciArchive { .. }));
    let img = Image::open(&r, &OpenOptions::default()).unwrap();
    assert_eq!(
        img.manifest_digest.unwrap().to_string(),
        built.manifest_digest
    );

    let docker = tmp.path().join("docker.tar");
    let b = bosun_testkit::docker_archive(&docker, &spec("amd64"), "app:1.0");
    let r = ImageRef::parse(docker.to_str().unwrap()).unwrap();
    assert!(matches!(r, ImageRef::DockerArchive { .. }));
    let img = Image::open(&r, &OpenOptions::default()).unwrap();
    assert_eq!(
        img.config_digest.as_ref().unwrap().to_string(),
        b.config_digest
    );
    assert_eq!(
        img.config_digest.as_ref().unwrap().to_string(),
        built.config_digest
    );
    assert_eq!(read_layer(&img, 0).len(), 2048);
    let r = ImageRef::parse(&format!("docker-archive:{}:app:1.0", docker.display())).unwrap();
    assert_eq!(
        r,
        ImageRef::DockerArchive {
            path: docker.clone(),
            selector: Some(Selector::Tag("app:1.0".into()))
        }
    );
    Image::open(&r, &OpenOptions::default()).unwrap();
    let r = ImageRef::parse(&format!("docker-archive:{}:app:2.0", docker.display())).unwrap();
    let err = Image::open(&r, &OpenOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("app:1.0"), "{err}");
}

#[test]
fn tampered_blobs_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    let mut l = OciLayout::create(&dir);
    let b = l.add_image(&spec("amd64"), Some("t"));
    let layer_path = l.blob_path(&b.layer_digests[0]);
    let config_path = l.blob_path(&b.config_digest);
    l.finish();
    let r = ImageRef::parse(&format!("oci:{}:t", dir.display())).unwrap();

    // A layer whose bytes changed (same length): digest mismatch naming it.
    let mut data = std::fs::read(&layer_path).unwrap();
    let good = data.clone();
    let n = data.len();
    data[n - 5] ^= 0xff;
    std::fs::write(&layer_path, &data).unwrap();
    let img = Image::open(&r, &OpenOptions::default()).unwrap();
    let mut s = img.open_layer(0, None).unwrap();
    let err = match std::io::copy(&mut s, &mut std::io::sink()) {
        Err(e) => Error::from_io("layer", e),
        Ok(_) => s.finish().unwrap_err(),
    };
    let msg = err.to_string();
    assert!(msg.contains(&b.layer_digests[0]), "{msg}");

    // Truncated layer blob.
    std::fs::write(&layer_path, &good[..good.len() / 2]).unwrap();
    let img = Image::open(&r, &OpenOptions::default()).unwrap();
    let mut s = img.open_layer(0, None).unwrap();
    let res = std::io::copy(&mut s, &mut std::io::sink());
    assert!(res.is_err() || s.finish().is_err());
    std::fs::write(&layer_path, &good).unwrap();

    // Config changed: refused when opening.
    let mut cfg = std::fs::read(&config_path).unwrap();
    cfg[2] = b'X';
    std::fs::write(&config_path, &cfg).unwrap();
    let err = Image::open(&r, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, Error::DigestMismatch { .. }), "{err}");
}

#[test]
fn gzip_bomb_is_capped() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    let zeros = vec![0u8; 16 << 20];
    let spec = ImageSpec::new().layer(Layer::build(|t| t.file("big", &zeros)));
    bosun_testkit::oci_layout(&dir, &spec, "bomb");
    let img = Image::open(
        &ImageRef::parse(&format!("oci:{}:bomb", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    assert!(img.layers[0].size < 1 << 20);
    let mut s = img.open_layer(0, Some(4 << 20)).unwrap();
    let err = std::io::copy(&mut s, &mut std::io::sink()).unwrap_err();
    assert!(matches!(Error::from_io("x", err), Error::Limit { .. }));
}

#[test]
fn schema1_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    let mut l = OciLayout::create(&dir);
    let m = br#"{"schemaVersion":1,"name":"x","tag":"y","fsLayers":[]}"#;
    let d = l.blob(m);
    l.push_descriptor(json!({"mediaType": "application/vnd.docker.distribution.manifest.v1+prettyjws", "digest": d, "size": m.len()}));
    l.finish();
    let err = Image::open(
        &ImageRef::parse(dir.to_str().unwrap()).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("schema 1"), "{err}");
}

#[test]
fn docker_25_archive_with_oci_layout_inside() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("d25.tar");
    let b = bosun_testkit::docker_archive_oci(&path, &spec("amd64"), "app:2.0");
    let r = ImageRef::parse(path.to_str().unwrap()).unwrap();
    assert!(
        matches!(r, ImageRef::DockerArchive { .. }),
        "manifest.json wins over oci-layout"
    );
    let img = Image::open(&r, &OpenOptions::default()).unwrap();
    assert_eq!(
        img.manifest_digest.as_ref().unwrap().to_string(),
        b.manifest_digest
    );
    assert_eq!(
        img.config_digest.as_ref().unwrap().to_string(),
        b.config_digest
    );
    let digests: Vec<String> = img
        .layers
        .iter()
        .map(|l| l.digest.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(digests, b.layer_digests);
    assert_eq!(read_layer(&img, 0).len(), 2048);
    // The same file read as an OCI archive gives the same image.
    let oci = Image::open(
        &ImageRef::parse(&format!("oci-archive:{}:app:2.0", path.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    assert_eq!(oci.manifest_digest, img.manifest_digest);
}

#[test]
fn sha512_digests() {
    use bosun_image::{Algorithm, Digest};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("layout");
    std::fs::create_dir_all(dir.join("blobs/sha512")).unwrap();
    std::fs::write(dir.join("oci-layout"), br#"{"imageLayoutVersion":"1.0.0"}"#).unwrap();
    let put = |data: &[u8]| {
        let d = Digest::of(Algorithm::Sha512, data);
        std::fs::write(dir.join("blobs/sha512").join(d.hex()), data).unwrap();
        d
    };
    let tar = Layer::build(|t| t.file("hello", b"world")).tar;
    let layer = put(&tar);
    let diff = Digest::of(Algorithm::Sha512, &tar);
    let config = serde_json::to_vec(&json!({"architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [diff.to_string()]}})).unwrap();
    let cd = put(&config);
    let manifest = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd.to_string(), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer.to_string(), "size": tar.len()}]})).unwrap();
    let md = put(&manifest);
    std::fs::write(dir.join("index.json"), serde_json::to_vec(&json!({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md.to_string(), "size": manifest.len()}]})).unwrap()).unwrap();
    let img = Image::open(
        &ImageRef::parse(dir.to_str().unwrap()).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    assert_eq!(img.manifest_digest.as_ref().unwrap(), &md);
    assert_eq!(read_layer(&img, 0), tar);
    // A wrong sha512 diff_id is caught.
    let bad_cfg = serde_json::to_vec(&json!({"rootfs": {"type": "layers", "diff_ids": [Digest::of(Algorithm::Sha512, b"x").to_string()]}})).unwrap();
    let bcd = put(&bad_cfg);
    let bm = serde_json::to_vec(&json!({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": bcd.to_string(), "size": bad_cfg.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer.to_string(), "size": tar.len()}]})).unwrap();
    let bmd = put(&bm);
    let img = Image::open(
        &ImageRef::parse(&format!("oci:{}@{bmd}", dir.display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    let mut s = img.open_layer(0, None).unwrap();
    let err = match std::io::copy(&mut s, &mut std::io::sink()) {
        Err(e) => Error::from_io("x", e),
        Ok(_) => s.finish().unwrap_err(),
    };
    assert!(
        matches!(err, Error::DigestMismatch { .. }) && err.to_string().contains("diff_id"),
        "{err}"
    );
}

#[test]
fn open_from_a_blob_store_by_digest() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("store");
    let mut l = OciLayout::create(&dir);
    let (idx, built) = l.add_index(&[spec("amd64"), spec("arm64")], None);
    l.finish();
    std::fs::remove_file(dir.join("index.json")).unwrap();
    let img = Image::open_blobs(
        ImageRef::Registry("example.invalid/app:1".into()),
        &dir,
        &idx.parse().unwrap(),
        &OpenOptions {
            platform: Some("linux/arm64".parse().unwrap()),
        },
    )
    .unwrap();
    assert_eq!(
        img.manifest_digest.unwrap().to_string(),
        built[1].manifest_digest
    );
    assert_eq!(img.index_digest.unwrap().to_string(), idx);
}
