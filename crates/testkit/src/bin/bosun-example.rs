//! Writes the example image the README uses, with no network: an OCI
//! layout at the given directory (default `target/example-image`), tagged
//! `latest`.

use std::path::PathBuf;

fn main() {
    let dir: PathBuf = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("target/example-image"), PathBuf::from);
    bosun_testkit::example::example_image(&dir);
    #[allow(clippy::print_stderr)]
    {
        eprintln!("wrote example image: oci:{}:latest", dir.display());
    }
}
