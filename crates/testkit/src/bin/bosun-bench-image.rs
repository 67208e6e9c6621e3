//! Generates large benchmark images, streaming each layer to disk.
//!
//! `bosun-bench-image many DIR`: an OCI layout (tag `many`) of 1,000,000
//! small files in four gzip layers, the shape that stresses per-entry cost
//! rather than inflate speed.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use bosun_testkit::{OciLayout, TarWriter};
use serde_json::json;
use sha2::{Digest as _, Sha256};

/// Hashes and counts what passes through to `W`.
struct Hashing<W> {
    inner: W,
    hash: Sha256,
    n: u64,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        self.n += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Writes one gzip layer produced by `fill`; returns (digest, size, diff_id).
fn layer(
    layout: &OciLayout,
    fill: impl FnOnce(&mut TarWriter<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<(String, u64, String)> {
    let tmp = layout.dir.join("blobs/sha256/.tmp-layer");
    let file = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
    let mut outer = Hashing {
        inner: file,
        hash: Sha256::new(),
        n: 0,
    };
    let diff_id;
    {
        let gz = flate2::write::GzEncoder::new(&mut outer, flate2::Compression::new(6));
        let mut inner = Hashing {
            inner: BufWriter::with_capacity(1 << 20, gz),
            hash: Sha256::new(),
            n: 0,
        };
        {
            let w: &mut dyn Write = &mut inner;
            let mut t = TarWriter::new(w);
            fill(&mut t)?;
            t.finish()?;
        }
        diff_id = format!("sha256:{}", hex(&inner.hash.clone().finalize()));
        let gz = inner.inner.into_inner().map_err(|e| e.into_error())?;
        gz.finish()?;
    }
    outer.flush()?;
    let digest = format!("sha256:{}", hex(&outer.hash.finalize()));
    let size = outer.n;
    std::fs::rename(&tmp, layout.blob_path(&digest))?;
    Ok((digest, size, diff_id))
}

fn many(dir: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    let layout = OciLayout::create(dir);
    let mut layers = Vec::new();
    let mut diff_ids = Vec::new();
    let mut history = Vec::new();
    for l in 0..4u32 {
        let (d, size, diff) = layer(&layout, |t| {
            for n in 0..250_000u32 {
                if n % 1000 == 0 {
                    t.dir(&format!("data/l{l}/d{}/", n / 1000))?;
                }
                let body = format!("layer {l} file {n}\n");
                t.file(
                    &format!("data/l{l}/d{}/f{n}.txt", n / 1000),
                    body.as_bytes(),
                )?;
            }
            Ok(())
        })?;
        layers.push(json!({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": d, "size": size}));
        diff_ids.push(diff);
        history.push(json!({"created_by": format!("COPY data/l{l} /data/l{l}")}));
    }
    let config = json!({
        "architecture": "amd64", "os": "linux", "config": {},
        "rootfs": {"type": "layers", "diff_ids": diff_ids}, "history": history,
    });
    let cfg = serde_json::to_vec(&config)?;
    let cfg_digest = layout.blob(&cfg);
    let manifest = json!({
        "schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": cfg.len()},
        "layers": layers,
    });
    let m = serde_json::to_vec(&manifest)?;
    let md = layout.blob(&m);
    let mut layout = layout;
    layout.push_descriptor(json!({
        "mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": m.len(),
        "annotations": {"org.opencontainers.image.ref.name": "many"},
    }));
    layout.finish();
    Ok(())
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    match (args.get(1).map(String::as_str), args.get(2)) {
        (Some("many"), Some(dir)) => many(Path::new(dir)),
        _ => Err(io::Error::other("usage: bosun-bench-image many DIR")),
    }
}
