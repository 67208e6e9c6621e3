//! Arbitrary OCI and docker archives copied to a layout and back into both
//! archive kinds. The input is split at 0xFF bytes into members; in each,
//! `$N` becomes the digest and `#N` the size of member N (N > this one),
//! so documents can point at one another. Member 0 is `index.json` and
//! `manifest.json`, the others are blobs (also named `N.tar`/`N.json`);
//! member names starting with `!L` become hard links to blob L. A second
//! run takes the raw input as the archive.
#![no_main]

use std::path::Path;

use bosun_image::ImageRef;
use bosun_registry::{BlobCache, Client, ClientOptions, CopyOptions};
use bosun_testkit::{TarWriter, sha256};

fn members(data: &[u8]) -> Vec<Vec<u8>> {
    let mut parts: Vec<Vec<u8>> = data.split(|&b| b == 0xff).map(<[u8]>::to_vec).collect();
    parts.truncate(8);
    for i in (0..parts.len()).rev() {
        let mut text = parts[i].clone();
        for j in (i + 1)..parts.len() {
            let d = sha256(&parts[j]);
            text = replace(&text, format!("${j}").as_bytes(), d.as_bytes());
            text = replace(&text, format!("#{j}").as_bytes(), parts[j].len().to_string().as_bytes());
        }
        parts[i] = text;
    }
    parts
}

fn replace(hay: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

fn build(parts: &[Vec<u8>], out: &Path) {
    let mut w = TarWriter::new(Vec::new());
    let _ = w.file("oci-layout", br#"{"imageLayoutVersion":"1.0.0"}"#);
    for (i, p) in parts.iter().enumerate() {
        if i == 0 {
            let _ = w.file("index.json", p);
            let _ = w.file("manifest.json", p);
            continue;
        }
        let name = format!("blobs/sha256/{}", sha256(p).trim_start_matches("sha256:"));
        if p.starts_with(b"!") && p.len() > 1 {
            let target = usize::from(p[1] % 8);
            if let Some(t) = parts.get(target) {
                let tn = format!("blobs/sha256/{}", sha256(t).trim_start_matches("sha256:"));
                let _ = w.hardlink(&name, &tn);
                continue;
            }
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
        ImageRef::OciArchive { path: archive.into(), selector: None },
        ImageRef::DockerArchive { path: archive.into(), selector: None },
    ] {
        let lay = ImageRef::OciLayout { path: dir.join("lay"), selector: None };
        if bosun_registry::copy(client, cache, &src, &lay, &opts).is_ok() {
            let _ = bosun_registry::copy(
                client,
                cache,
                &lay,
                &ImageRef::OciArchive { path: dir.join("o.tar"), selector: None },
                &opts,
            );
            let _ = bosun_registry::copy(
                client,
                cache,
                &lay,
                &ImageRef::DockerArchive { path: dir.join("d.tar"), selector: None },
                &opts,
            );
        }
        let _ = std::fs::remove_dir_all(dir.join("lay"));
    }
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(t) = tempfile::tempdir() else { return };
    let Ok(cache) = BlobCache::open(t.path().join("cache")) else { return };
    let Ok(client) = Client::new(ClientOptions::default()) else { return };
    let archive = t.path().join("in.tar");
    build(&members(data), &archive);
    copies(&client, &cache, t.path(), &archive);
    let _ = std::fs::write(&archive, data);
    copies(&client, &cache, t.path(), &archive);
});
