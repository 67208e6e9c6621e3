//! `copy` to and from OCI archives and docker archives, with skopeo as the
//! oracle: skopeo reads what bosun writes and bosun reads what skopeo
//! writes, and the digests agree (the manifest digest through OCI
//! archives; the image id and diff_ids through docker archives, which keep
//! no manifest). The registry leg runs against a real docker-registry.
//! Skipped when the tools are missing, unless BOSUN_REQUIRE_TOOLS is set.

#![allow(clippy::unwrap_used, clippy::print_stderr, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::Command;

use bosun_image::{Digest, Image, ImageRef, OpenOptions};
use bosun_registry::testing::LocalRegistry;
use bosun_registry::{
    BlobCache, Client, ClientOptions, CopyOptions, CopyReport, Reference, parse_destination,
};
use bosun_testkit::{Compression, ImageSpec, Layer, OciLayout, require_tools, sha256};

fn skopeo(args: &[&str]) -> Vec<u8> {
    let out = Command::new("skopeo").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "skopeo {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// sha256 of what `skopeo inspect --raw` (or `--config --raw`) prints.
fn skopeo_raw_digest(reference: &str, config: bool) -> String {
    let mut args = vec!["inspect", "--raw", "--tls-verify=false"];
    if config {
        args.push("--config");
    }
    args.push(reference);
    sha256(&skopeo(&args))
}

fn layer(name: &str, size: usize, c: Compression) -> Layer {
    let data: Vec<u8> = (0..size)
        .map(|i| (i % 251) as u8 ^ name.len() as u8)
        .collect();
    Layer::build(|t| t.file(name, &data)).compression(c)
}

struct Fixture {
    layout: PathBuf,
    /// Index tagged `multi` (two platforms).
    index: String,
    /// Image tagged `single`: its manifest and config digests, diff_ids.
    manifest: String,
    config: String,
    diff_ids: Vec<String>,
    /// Image tagged `zstd`: its config digest.
    zstd_config: String,
}

fn fixture(dir: &Path) -> Fixture {
    let layout = dir.join("layout");
    let mut l = OciLayout::create(&layout);
    let (index, _) = l.add_index(
        &[
            ImageSpec::new()
                .layer(layer("amd", 30_000, Compression::Gzip))
                .platform("linux", "amd64", None),
            ImageSpec::new()
                .layer(layer("arm", 20_000, Compression::Gzip))
                .platform("linux", "arm64", Some("v8")),
        ],
        Some("multi"),
    );
    let b = l.add_image(
        &ImageSpec::new()
            .layer(layer("base", 40_000, Compression::Gzip))
            .layer(layer("small", 5_000, Compression::Gzip))
            .layer(layer("plain", 700, Compression::None)),
        Some("single"),
    );
    // Docker images cannot have zstd layers (skopeo refuses to write them
    // to a docker archive), so they get an image of their own.
    let z = l.add_image(
        &ImageSpec::new()
            .layer(layer("zst", 5_000, Compression::Zstd))
            .layer(layer("gz", 300, Compression::Gzip)),
        Some("zstd"),
    );
    l.finish();
    Fixture {
        layout,
        index,
        manifest: b.manifest_digest,
        config: b.config_digest,
        diff_ids: b.diff_ids,
        zstd_config: z.config_digest,
    }
}

fn client(insecure: &[String]) -> Client {
    Client::new(ClientOptions {
        insecure: insecure.to_vec(),
        ..Default::default()
    })
    .unwrap()
}

fn copy(c: &Client, cache: &BlobCache, src: &str, dst: &str, all: bool) -> CopyReport {
    bosun_registry::copy(
        c,
        cache,
        &ImageRef::parse(src).unwrap(),
        &parse_destination(dst).unwrap(),
        &CopyOptions {
            all_platforms: all,
            platform: None,
        },
    )
    .unwrap_or_else(|e| panic!("copy {src} {dst}: {e}"))
}

fn open(r: &str) -> Image {
    Image::open(&ImageRef::parse(r).unwrap(), &OpenOptions::default()).unwrap()
}

fn ids(img: &Image) -> (String, Vec<String>) {
    (
        img.config_digest.as_ref().unwrap().to_string(),
        img.layers
            .iter()
            .map(|l| l.diff_id.as_ref().unwrap().to_string())
            .collect(),
    )
}

/// Reads every layer through its digests, as a consumer would.
fn verify_layers(img: &Image) {
    for i in 0..img.layers.len() {
        let mut s = img.open_layer(i, None).unwrap();
        std::io::copy(&mut s, &mut std::io::sink()).unwrap();
        s.finish().unwrap();
    }
}

#[test]
fn archives_against_skopeo() {
    if !require_tools(&["skopeo"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let f = fixture(t.path());
    let cache = BlobCache::open(t.path().join("cache")).unwrap();
    let c = client(&[]);
    let p = |n: &str| t.path().join(n).display().to_string();
    let lay = |tag: &str| format!("oci:{}:{tag}", f.layout.display());

    // bosun writes an OCI archive; skopeo reads the same manifest digest.
    let r = copy(
        &c,
        &cache,
        &lay("single"),
        &format!("oci-archive:{}:v1", p("a.tar")),
        false,
    );
    assert_eq!(r.digest.to_string(), f.manifest);
    assert_eq!(
        skopeo_raw_digest(&format!("oci-archive:{}:v1", p("a.tar")), false),
        f.manifest
    );
    // Deterministic: the same image packs to the same bytes.
    copy(
        &c,
        &cache,
        &lay("single"),
        &format!("oci-archive:{}:v1", p("a2.tar")),
        false,
    );
    assert_eq!(
        std::fs::read(p("a.tar")).unwrap(),
        std::fs::read(p("a2.tar")).unwrap()
    );
    // A whole index keeps its digest.
    let r = copy(
        &c,
        &cache,
        &lay("multi"),
        &format!("oci-archive:{}:m", p("m.tar")),
        true,
    );
    assert_eq!(r.digest.to_string(), f.index);
    assert_eq!(
        skopeo_raw_digest(&format!("oci-archive:{}:m", p("m.tar")), false),
        f.index
    );
    skopeo(&[
        "copy",
        "--quiet",
        "--all",
        &format!("oci-archive:{}:m", p("m.tar")),
        &format!("oci:{}:m", p("sko-m")),
    ]);

    // skopeo writes an OCI archive; bosun reads it back to a layout.
    skopeo(&[
        "copy",
        "--quiet",
        "--all",
        &lay("multi"),
        &format!("oci-archive:{}:x", p("s.tar")),
    ]);
    let r = copy(
        &c,
        &cache,
        &format!("oci-archive:{}:x", p("s.tar")),
        &format!("oci:{}:y", p("back")),
        true,
    );
    assert_eq!(r.digest.to_string(), f.index);
    let img = open(&format!("oci:{}:y", p("back")));
    assert_eq!(img.index_digest.as_ref().unwrap().to_string(), f.index);
    verify_layers(&img);

    // bosun writes a docker archive: skopeo sees the same image id and
    // diff_ids, and accepts it as a source for a copy.
    let d = format!("docker-archive:{}", p("d.tar"));
    let r = copy(
        &c,
        &cache,
        &lay("single"),
        &format!("{d}:example.com/app:1"),
        false,
    );
    assert_eq!(r.digest.to_string(), f.config);
    assert_eq!(skopeo_raw_digest(&d, true), f.config);
    let raw: serde_json::Value =
        serde_json::from_slice(&skopeo(&["inspect", "--raw", &d])).unwrap();
    let layer_digests: Vec<String> = raw["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["digest"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(layer_digests, f.diff_ids, "layers are stored uncompressed");
    // The tag is in RepoTags: both select the image by it.
    assert_eq!(
        skopeo_raw_digest(&format!("{d}:example.com/app:1"), true),
        f.config
    );
    assert_eq!(ids(&open(&format!("{d}:example.com/app:1"))).0, f.config);
    // (To dir:, since skopeo rewrites the configuration converting to OCI.)
    skopeo(&["copy", "--quiet", &d, &format!("dir:{}", p("sko-d"))]);
    assert_eq!(
        skopeo_raw_digest(&format!("dir:{}", p("sko-d")), true),
        f.config
    );
    // ... and bosun reads its own archive back to a layout.
    copy(&c, &cache, &d, &format!("oci:{}:w", p("back-d")), false);
    let img = open(&format!("oci:{}:w", p("back-d")));
    assert_eq!(ids(&img), (f.config.clone(), f.diff_ids.clone()));
    verify_layers(&img);

    // skopeo writes a docker archive; bosun copies it to an OCI archive
    // and to a docker archive; skopeo and bosun agree on the result.
    skopeo(&[
        "copy",
        "--quiet",
        &lay("single"),
        &format!("docker-archive:{}:app:2", p("sd.tar")),
    ]);
    let r = copy(
        &c,
        &cache,
        &format!("docker-archive:{}", p("sd.tar")),
        &format!("oci-archive:{}:q", p("sd-oci.tar")),
        false,
    );
    assert_eq!(
        skopeo_raw_digest(&format!("oci-archive:{}:q", p("sd-oci.tar")), false),
        r.digest.to_string()
    );
    assert_eq!(
        skopeo_raw_digest(&format!("oci-archive:{}:q", p("sd-oci.tar")), true),
        f.config
    );
    let img = open(&format!("oci-archive:{}:q", p("sd-oci.tar")));
    assert_eq!(ids(&img), (f.config.clone(), f.diff_ids.clone()));
    verify_layers(&img);
    // The manifest built for a docker archive is the same every time.
    let r2 = copy(
        &c,
        &cache,
        &format!("docker-archive:{}:app:2", p("sd.tar")),
        &format!("oci:{}:q", p("sd-lay")),
        false,
    );
    assert_eq!(r2.digest, r.digest);
    copy(
        &c,
        &cache,
        &format!("docker-archive:{}", p("sd.tar")),
        &format!("docker-archive:{}:app:3", p("dd.tar")),
        false,
    );
    assert_eq!(
        skopeo_raw_digest(&format!("docker-archive:{}", p("dd.tar")), true),
        f.config
    );

    // zstd layers are decompressed into a docker archive like any other.
    let z = format!("docker-archive:{}", p("z.tar"));
    copy(&c, &cache, &lay("zstd"), &z, false);
    assert_eq!(skopeo_raw_digest(&z, true), f.zstd_config);
    verify_layers(&open(&z));

    // Refusals: several platforms into a docker archive.
    let e = bosun_registry::copy(
        &c,
        &cache,
        &ImageRef::parse(&lay("multi")).unwrap(),
        &parse_destination(&format!("docker-archive:{}", p("no.tar"))).unwrap(),
        &CopyOptions {
            all_platforms: true,
            platform: None,
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("one platform"), "{e}");
    assert!(!Path::new(&p("no.tar")).exists());
    // Scratch directories are gone.
    assert_eq!(
        std::fs::read_dir(cache.root().join("tmp")).unwrap().count(),
        0
    );
}

#[test]
fn archives_and_a_registry() {
    if !require_tools(&["docker-registry", "skopeo"]) {
        return;
    }
    let reg = LocalRegistry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let f = fixture(t.path());
    let cache = BlobCache::open(t.path().join("cache")).unwrap();
    let c = client(&[reg.host()]);
    let p = |n: &str| t.path().join(n).display().to_string();
    let h = reg.host();
    let head = |repo: &str| -> Digest {
        c.head_manifest(&Reference::parse(&format!("{h}/{repo}")).unwrap())
            .unwrap()
            .unwrap()
    };
    bosun_registry::testing::skopeo_push(
        &format!("oci:{}:multi", f.layout.display()),
        &format!("{h}/app:multi"),
        None,
    )
    .unwrap();
    bosun_registry::testing::skopeo_push(
        &format!("oci:{}:single", f.layout.display()),
        &format!("{h}/app:single"),
        None,
    )
    .unwrap();

    // registry -> OCI archive -> registry keeps the index digest.
    copy(
        &c,
        &cache,
        &format!("{h}/app:multi"),
        &format!("oci-archive:{}", p("r.tar")),
        true,
    );
    assert_eq!(
        skopeo_raw_digest(&format!("oci-archive:{}:multi", p("r.tar")), false),
        f.index
    );
    copy(
        &c,
        &cache,
        &format!("oci-archive:{}:multi", p("r.tar")),
        &format!("{h}/back:multi"),
        true,
    );
    assert_eq!(head("back:multi").to_string(), f.index);

    // registry -> docker archive: skopeo pushes it; same image id.
    let r = copy(
        &c,
        &cache,
        &format!("{h}/app:single"),
        &format!("docker-archive:{}:app:single", p("rd.tar")),
        false,
    );
    assert_eq!(r.digest.to_string(), f.config);
    skopeo(&[
        "copy",
        "--quiet",
        "--dest-tls-verify=false",
        &format!("docker-archive:{}", p("rd.tar")),
        &format!("docker://{h}/sko:single"),
    ]);
    // skopeo may substitute blobs it saw compressed before (its blob info
    // cache) and convert to OCI, rewriting the configuration: compare the
    // diff_ids it lists.
    let cfg: serde_json::Value = serde_json::from_slice(&skopeo(&[
        "inspect",
        "--raw",
        "--config",
        "--tls-verify=false",
        &format!("docker://{h}/sko:single"),
    ]))
    .unwrap();
    assert_eq!(cfg["rootfs"]["diff_ids"], serde_json::json!(f.diff_ids));

    // docker archive -> registry: a Docker schema 2 manifest over the
    // stored (uncompressed) layers, which skopeo and bosun both read.
    let r = copy(
        &c,
        &cache,
        &format!("docker-archive:{}", p("rd.tar")),
        &format!("{h}/fromdocker:1"),
        false,
    );
    assert_eq!(head("fromdocker:1"), r.digest);
    assert_eq!(r.media_type, bosun_image::spec::media_type::DOCKER_MANIFEST);
    assert_eq!(
        skopeo_raw_digest(&format!("docker://{h}/fromdocker:1"), false),
        r.digest.to_string()
    );
    assert_eq!(
        skopeo_raw_digest(&format!("docker://{h}/fromdocker:1"), true),
        f.config
    );
    copy(
        &c,
        &cache,
        &format!("{h}/fromdocker:1"),
        &format!("oci:{}:fd", p("fd")),
        false,
    );
    let img = open(&format!("oci:{}:fd", p("fd")));
    assert_eq!(ids(&img), (f.config.clone(), f.diff_ids.clone()));
    verify_layers(&img);
}

/// Needs no tools: the two shapes of `docker save` archives.
#[test]
fn docker_save_archives() {
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path().join("cache")).unwrap();
    let c = client(&[]);
    let p = |n: &str| t.path().join(n).display().to_string();
    let spec = ImageSpec::new()
        .layer(layer("a", 3000, Compression::Gzip))
        .layer(layer("b", 100, Compression::Gzip));

    // Docker 25+ archives carry the manifest: its digest survives.
    let b = bosun_testkit::docker_archive_oci(&t.path().join("new.tar"), &spec, "app:1");
    let r = copy(
        &c,
        &cache,
        &format!("docker-archive:{}", p("new.tar")),
        &format!("oci-archive:{}:1", p("new-oci.tar")),
        false,
    );
    assert_eq!(r.digest.to_string(), b.manifest_digest);
    let img = open(&format!("oci-archive:{}:1", p("new-oci.tar")));
    assert_eq!(img.manifest_digest.unwrap().to_string(), b.manifest_digest);

    // Legacy archives (`<id>/layer.tar`): a new manifest, same image id.
    let b = bosun_testkit::docker_archive(&t.path().join("old.tar"), &spec, "app:1");
    let r = copy(
        &c,
        &cache,
        &format!("docker-archive:{}:app:1", p("old.tar")),
        &format!("oci:{}:1", p("old-lay")),
        false,
    );
    let img = open(&format!("oci:{}:1", p("old-lay")));
    assert_eq!(img.manifest_digest.as_ref(), Some(&r.digest));
    assert_eq!(ids(&img), (b.config_digest.clone(), b.diff_ids.clone()));
    verify_layers(&img);
    // And back into a docker archive, as skopeo lays one out.
    copy(
        &c,
        &cache,
        &format!("oci:{}:1", p("old-lay")),
        &format!("docker-archive:{}:app:1", p("again.tar")),
        false,
    );
    let img = open(&format!("docker-archive:{}:app:1", p("again.tar")));
    assert_eq!(ids(&img), (b.config_digest.clone(), b.diff_ids.clone()));
    let names: Vec<String> = {
        let bytes = std::fs::read(p("again.tar")).unwrap();
        let mut r = bosun_tar::Reader::new(bytes.as_slice());
        let mut v = Vec::new();
        while let Some(e) = r.next_entry().unwrap() {
            v.push(String::from_utf8(e.header().path.clone()).unwrap());
        }
        v
    };
    let hex = |d: &str| d.trim_start_matches("sha256:").to_owned();
    let mut want: Vec<String> = b
        .diff_ids
        .iter()
        .map(|d| format!("{}.tar", hex(d)))
        .collect();
    want.push(format!("{}.json", hex(&b.config_digest)));
    want.push("manifest.json".into());
    assert_eq!(names, want);
}
