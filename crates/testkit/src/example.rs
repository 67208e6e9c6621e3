//! The example image of the README: a small Debian-based Python service
//! with a base layer (os-release, a dpkg database, a setuid binary), an
//! application layer, a layer that deletes a file, and the usual
//! configuration mistakes (root user, a secret in the environment).

use std::path::Path;

use serde_json::json;

use crate::{Built, Compression, ImageSpec, Layer, oci_layout};

const STATUS: &str = "\
Package: libssl3
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 6168
Maintainer: Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>
Architecture: amd64
Multi-Arch: same
Source: openssl
Version: 3.0.11-1~deb12u2
Description: Secure Sockets Layer toolkit - shared libraries

Package: zlib1g
Status: install ok installed
Priority: optional
Section: libs
Installed-Size: 168
Maintainer: Mark Brown <broonie@debian.org>
Architecture: amd64
Multi-Arch: same
Source: zlib
Version: 1:1.2.13.dfsg-1
Description: compression library - runtime
";

/// The example image's first layer, a Debian 12 root filesystem: an
/// image of this layer alone is the example's base image.
pub fn base_layer() -> Layer {
    Layer::build(|t| {
        t.dir("etc/")?;
        t.file("usr/lib/os-release", b"PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\nVERSION=\"12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n")?;
        t.symlink("etc/os-release", "../usr/lib/os-release")?;
        t.file("etc/debian_version", b"12.5\n")?;
        t.file("var/lib/dpkg/status", STATUS.as_bytes())?;
        t.file_mode("usr/bin/passwd", 0o4755, b"\x7fELF\x02\x01\x01\0fake passwd binary")?;
        t.file("tmp/build-cache/token.txt", b"left behind")
    })
    .created_by("/bin/sh -c #(nop) ADD file:0b1f3e2d in / ")
}

/// Writes the README's example image: an OCI layout at `dir`, tag `latest`.
pub fn example_image(dir: &Path) -> Built {
    let _ = std::fs::remove_dir_all(dir);
    let base = base_layer();
    let app = Layer::build(|t| {
        t.dir("app/")?;
        t.file("app/main.py", b"print('hello')\n")?;
        t.file(
            "usr/local/lib/python3.11/site-packages/requests-2.19.0.dist-info/METADATA",
            b"Metadata-Version: 2.1\nName: requests\nVersion: 2.19.0\n",
        )
    })
    .compression(Compression::Zstd)
    .created_by("/bin/sh -c pip install requests==2.19.0 && cp -r src /app");
    let cleanup = Layer::build(|t| t.whiteout("tmp/build-cache"))
        .created_by("/bin/sh -c rm -rf /tmp/build-cache");
    let spec = ImageSpec::new()
        .layer(base)
        .empty_step("/bin/sh -c #(nop)  CMD [\"bash\"]")
        .empty_step("/bin/sh -c #(nop)  ENV API_TOKEN=s3cr3t-value PYTHONUNBUFFERED=1")
        .layer(app)
        .layer(cleanup)
        .empty_step("/bin/sh -c #(nop)  EXPOSE 8080/tcp")
        .empty_step("/bin/sh -c #(nop)  CMD [\"python3\" \"/app/main.py\"]")
        .config(
            "Env",
            json!([
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "API_TOKEN=s3cr3t-value",
                "PYTHONUNBUFFERED=1"
            ]),
        )
        .config("Cmd", json!(["python3", "/app/main.py"]))
        .config("ExposedPorts", json!({"8080/tcp": {}}))
        .config("WorkingDir", json!("/app"))
        .config(
            "Labels",
            json!({"org.opencontainers.image.source": "https://example.invalid/app"}),
        );
    oci_layout(dir, &spec, "latest")
}
