//! Renderers for `bosun sbom`, one module per format: CycloneDX 1.6 JSON,
//! SPDX 2.3 JSON, bosun's own JSON and a table.

pub(crate) mod cyclonedx;
mod json;
mod spdx;
mod table;

use bosun_types::{LayerRef, Package, Sbom};
use sha2::{Digest, Sha256};

use crate::format::FormatInfo;

/// The formats `bosun sbom --format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CycloneDX 1.6 JSON.
    CycloneDxJson,
    /// SPDX 2.3 JSON.
    SpdxJson,
    /// The `bosun.sbom/v1` JSON document.
    Json,
    /// A human-readable table.
    Table,
}

/// The registry of SBOM formats, in `--help` order.
pub const FORMATS: &[FormatInfo<Format>] = &[
    FormatInfo {
        name: "cyclonedx-json",
        description: "CycloneDX 1.6 JSON",
        format: Format::CycloneDxJson,
    },
    FormatInfo {
        name: "spdx-json",
        description: "SPDX 2.3 JSON",
        format: Format::SpdxJson,
    },
    FormatInfo {
        name: "json",
        description: "The `bosun.sbom/v1` JSON document",
        format: Format::Json,
    },
    FormatInfo {
        name: "table",
        description: "A human-readable table",
        format: Format::Table,
    },
];

/// Rendering options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's creation time, RFC 3339 UTC (`2024-01-02T03:04:05Z`).
    pub created: String,
}

/// Renders `sbom` in `format`. The output ends with a newline.
pub fn render(format: Format, sbom: &Sbom, opts: &Options) -> Result<String, crate::Error> {
    let mut s = match format {
        Format::CycloneDxJson => {
            crate::error::to_json("CycloneDX", &cyclonedx::document(sbom, opts))?
        }
        Format::SpdxJson => crate::error::to_json("SPDX", &spdx::document(sbom, opts))?,
        Format::Json => json::render(sbom)?,
        Format::Table => table::render(sbom),
    };
    if !s.ends_with('\n') {
        s.push('\n');
    }
    Ok(s)
}

/// A version-4-shaped UUID derived from the document's identity, so the
/// same image at the same time gives the same serial number.
fn uuid(sbom: &Sbom, opts: &Options) -> String {
    let mut h = Sha256::new();
    h.update(sbom.image.reference.as_bytes());
    h.update(sbom.image.config_digest.as_deref().unwrap_or("").as_bytes());
    h.update(opts.created.as_bytes());
    h.update(sbom.packages.len().to_le_bytes());
    let d = h.finalize();
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// The layer facts of a package as (key, value) pairs, shared by the
/// formats that carry them as properties or annotations.
fn layer_facts(p: &Package) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |what: &str, l: &Option<LayerRef>| {
        if let Some(l) = l {
            out.push((format!("bosun:layer:{what}:index"), l.index.to_string()));
            if let Some(d) = &l.digest {
                out.push((format!("bosun:layer:{what}:digest"), d.clone()));
            }
            if let Some(d) = &l.diff_id {
                out.push((format!("bosun:layer:{what}:diffID"), d.clone()));
            }
        }
    };
    add("introduced", &p.introduced_layer);
    add("db", &p.db_layer);
    out
}

/// A stable, unique reference per package (PURLs can repeat when two
/// databases list the same package).
pub(crate) fn refs(sbom: &Sbom) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    sbom.packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let base = if p.purl.is_empty() {
                format!("{}:{}@{}", p.kind, p.name, p.version)
            } else {
                p.purl.clone()
            };
            if seen.insert(base.clone()) {
                base
            } else {
                format!("{base}#{i}")
            }
        })
        .collect()
}

#[cfg(test)]
mod read_back;

#[cfg(test)]
pub(crate) mod fixtures {
    use bosun_types::{
        Distro, ImageInfo, LayerInfo, LayerRef, Package, SBOM_SCHEMA, Sbom, SourcePackage,
    };

    fn layer(i: usize) -> LayerRef {
        LayerRef {
            index: i,
            digest: Some(format!("sha256:{}", format!("{i}").repeat(64))),
            diff_id: Some(format!("sha256:{}", format!("{}", i + 5).repeat(64))),
        }
    }

    pub(crate) fn sbom() -> Sbom {
        let mut ssl = Package::new("deb", "libssl3", "3.0.11-1~deb12u2", "dpkg");
        ssl.purl =
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"
                .into();
        ssl.ecosystem = Some("Debian:12".into());
        ssl.arch = Some("amd64".into());
        ssl.source = Some(SourcePackage {
            name: "openssl".into(),
            version: Some("3.0.11-1~deb12u2".into()),
        });
        ssl.licenses = vec!["Apache-2.0".into(), "GPL-2+ with exception".into()];
        ssl.files = vec!["/usr/lib/x86_64-linux-gnu/libssl.so.3".into()];
        ssl.locations = vec![bosun_types::Location {
            path: "/var/lib/dpkg/status".into(),
            layer: Some(layer(1)),
        }];
        ssl.introduced_layer = Some(layer(0));
        ssl.db_layer = Some(layer(1));
        let mut z = Package::new("deb", "zlib1g", "1:1.2.13.dfsg-1", "dpkg");
        z.purl = "pkg:deb/debian/zlib1g@1:1.2.13.dfsg-1?arch=amd64&distro=debian-12&upstream=zlib"
            .into();
        z.ecosystem = Some("Debian:12".into());
        z.introduced_layer = Some(layer(1));
        z.db_layer = Some(layer(1));
        Sbom {
            schema: SBOM_SCHEMA.into(),
            tool_version: "0.1.0".into(),
            image: ImageInfo {
                reference: "oci:./example:latest".into(),
                manifest_digest: Some(format!("sha256:{}", "a".repeat(64))),
                config_digest: Some(format!("sha256:{}", "b".repeat(64))),
                platform: Some("linux/amd64".into()),
            },
            distro: Some(Distro {
                id: "debian".into(),
                version_id: Some("12.5".into()),
                codename: Some("bookworm".into()),
                pretty_name: Some("Debian GNU/Linux 12 (bookworm)".into()),
                id_like: vec![],
                ecosystem: Some("Debian:12".into()),
            }),
            layers: vec![
                LayerInfo {
                    layer: layer(0),
                    created_by: Some("ADD file:0b1f in /".into()),
                },
                LayerInfo {
                    layer: layer(1),
                    created_by: Some("RUN apt-get install -y zlib1g".into()),
                },
            ],
            packages: vec![ssl, z],
            problems: vec![],
            users: None,
        }
    }

    pub(crate) fn opts() -> super::Options {
        super::Options {
            created: "2024-01-02T03:04:05Z".into(),
        }
    }
}
