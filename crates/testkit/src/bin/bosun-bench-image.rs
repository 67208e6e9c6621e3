//! Generates large benchmark images, streaming each layer to disk.
//!
//! `bosun-bench-image many DIR`: an OCI layout (tag `many`) of 1,000,000
//! small files in four gzip layers, the shape that stresses per-entry cost
//! rather than inflate speed.

use std::io;
use std::path::Path;

use bosun_testkit::OciLayout;

fn many(dir: &Path) -> io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    let mut layout = OciLayout::create(dir);
    let mut layers = Vec::new();
    for l in 0..4u32 {
        let layer = layout.streamed_layer(&format!("COPY data/l{l} /data/l{l}"), |t| {
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
        layers.push(layer);
    }
    layout.add_streamed_image(&layers, "many");
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
