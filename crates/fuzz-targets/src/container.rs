//! Targets of the image side: OCI documents, tar streams, layer walks,
//! archives copied by the registry crate, registry references and
//! challenges.

use std::io::Read as _;
use std::path::Path;

use bosun_image::spec::{ImageConfig, Index, Manifest};
use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{FileKind, FileRequest, NoProgress, WalkOptions, walk};
use bosun_registry::{BlobCache, Client, ClientOptions, CopyOptions};
use bosun_testkit::{Compression, ImageSpec, Layer, TarWriter, sha256};

/// Arbitrary bytes through the tar reader: every entry and its data.
pub fn tar_reader(data: &[u8]) {
    let mut r = bosun_tar::Reader::new(data);
    while let Ok(Some(mut e)) = r.next_entry() {
        let mut buf = Vec::new();
        if e.read_to_end(&mut buf).is_err() {
            break;
        }
    }
}

/// Arbitrary bytes as index, manifest and configuration documents, digests
/// and platforms.
pub fn image_documents(data: &[u8]) {
    let _ = serde_json::from_slice::<Index>(data);
    let _ = serde_json::from_slice::<Manifest>(data);
    let _ = serde_json::from_slice::<ImageConfig>(data);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = s.parse::<bosun_image::Digest>();
        let _ = s.parse::<bosun_image::Platform>();
    }
}

/// Arbitrary bytes as the uncompressed tar of a two-layer image (the input
/// is used for both layers, plain and gzip), walked with every kind of
/// request, then every index query.
pub fn layers_walk(data: &[u8]) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("l");
    let spec = ImageSpec::new()
        .layer(Layer::new(data.to_vec()).compression(Compression::None))
        .layer(Layer::new(data.to_vec()).compression(Compression::Gzip));
    bosun_testkit::oci_layout(&dir, &spec, "f");
    let Ok(r) = ImageRef::parse(&format!("oci:{}:f", dir.display())) else {
        return;
    };
    let Ok(img) = Image::open(&r, &OpenOptions::default()) else {
        return;
    };
    let requests = [
        FileRequest::path("etc/os-release"),
        FileRequest::glob("**/*.txt"),
        FileRequest::kind(FileKind::Elf),
    ];
    if let Ok(w) = walk(&img, &requests, &WalkOptions::default(), &NoProgress) {
        for f in w.index.iter().take(100) {
            let _ = w.index.resolve(f.path);
            let _ = w.index.history(f.path);
        }
    }
}

/// Arbitrary OCI and docker archives copied to a layout and back into both
/// archive kinds. The input is split at 0xFF bytes into members; in each,
/// `$N` becomes the digest and `#N` the size of member N (N > this one),
/// so documents can point at one another. Member 0 is `index.json` and
/// `manifest.json`, the others are blobs (also named `N.tar`/`N.json`);
/// member names starting with `!L` become hard links to blob L. A second
/// run takes the raw input as the archive.
pub fn registry_archives(data: &[u8]) {
    let Ok(t) = tempfile::tempdir() else { return };
    let Ok(cache) = BlobCache::open(t.path().join("cache")) else {
        return;
    };
    let Ok(client) = Client::new(ClientOptions::default()) else {
        return;
    };
    let archive = t.path().join("in.tar");
    build_archive(&members(data), &archive);
    copies(&client, &cache, t.path(), &archive);
    let _ = std::fs::write(&archive, data);
    copies(&client, &cache, t.path(), &archive);
}

fn members(data: &[u8]) -> Vec<Vec<u8>> {
    let mut parts: Vec<Vec<u8>> = data.split(|&b| b == 0xff).map(<[u8]>::to_vec).collect();
    parts.truncate(8);
    for i in (0..parts.len()).rev() {
        let (head, tail) = parts.split_at_mut(i + 1);
        let Some(text) = head.last_mut() else {
            continue;
        };
        for (k, later) in tail.iter().enumerate() {
            let j = i + 1 + k;
            let d = sha256(later);
            *text = replace(text, format!("${j}").as_bytes(), d.as_bytes());
            *text = replace(
                text,
                format!("#{j}").as_bytes(),
                later.len().to_string().as_bytes(),
            );
        }
    }
    parts
}

fn replace(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut rest = hay;
    while let Some((&b, tail)) = rest.split_first() {
        if rest.starts_with(from) {
            out.extend_from_slice(to);
            rest = rest.get(from.len()..).unwrap_or_default();
        } else {
            out.push(b);
            rest = tail;
        }
    }
    out
}

fn build_archive(parts: &[Vec<u8>], out: &Path) {
    let blob_name = |p: &[u8]| format!("blobs/sha256/{}", sha256(p).trim_start_matches("sha256:"));
    let mut w = TarWriter::new(Vec::new());
    let _ = w.file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            let _ = w.file("index.json", p);
            let _ = w.file("manifest.json", p);
            continue;
        }
        let name = blob_name(p);
        if let [b'!', l, ..] = p.as_slice()
            && let Some(t) = parts.get(usize::from(l % 8))
        {
            let _ = w.hardlink(&name, &blob_name(t));
            continue;
        }
        let _ = w.file(&name, p);
        let _ = w.file(&format!("{i}.tar"), p);
        let _ = w.file(&format!("{i}.json"), p);
    }
    if let Ok(bytes) = w.finish() {
        let _ = std::fs::write(out, bytes);
    }
}

fn copies(client: &Client, cache: &BlobCache, dir: &Path, archive: &Path) {
    let opts = CopyOptions::default();
    for src in [
        ImageRef::OciArchive {
            path: archive.into(),
            selector: None,
        },
        ImageRef::DockerArchive {
            path: archive.into(),
            selector: None,
        },
    ] {
        let lay = ImageRef::OciLayout {
            path: dir.join("lay"),
            selector: None,
        };
        if bosun_registry::copy(client, cache, &src, &lay, &opts).is_ok() {
            for out in [
                ImageRef::OciArchive {
                    path: dir.join("o.tar"),
                    selector: None,
                },
                ImageRef::DockerArchive {
                    path: dir.join("d.tar"),
                    selector: None,
                },
            ] {
                let _ = bosun_registry::copy(client, cache, &lay, &out, &opts);
            }
        }
        let _ = std::fs::remove_dir_all(dir.join("lay"));
    }
}

/// `WWW-Authenticate` parsing: never panics or loops on any header.
pub fn registry_challenge(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    for c in bosun_registry::parse_challenges(&s) {
        assert!(!c.scheme.is_empty());
    }
}

/// Registry reference parsing: never panics, and what it accepts prints to
/// a reference that parses back to the same value.
pub fn registry_reference(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(r) = bosun_registry::Reference::parse(s) {
        let again =
            bosun_registry::Reference::parse(&r.to_string()).expect("printed reference parses");
        assert_eq!(again, r);
    }
}
