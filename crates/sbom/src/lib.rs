//! Reading SBOMs other tools (or bosun) wrote, for `bosun scan sbom:FILE`:
//! CycloneDX 1.4–1.6 JSON, SPDX 2.3 JSON and syft's own JSON, one module
//! each. Every package becomes a [`Package`] whose type, ecosystem and
//! name come from its PURL ([`Purl`]).
//!
//! Input is hostile: the size, the number of packages and the nesting of
//! CycloneDX components are bounded, and nothing panics.

mod cyclonedx;

mod spdx;
mod syft;

use bosun_types::{ImageInfo, LayerInfo, Package, SBOM_SCHEMA, Sbom, SourcePackage};
use serde_json::Value;

use bosun_types::purl::Purl;

/// The largest document read (bytes).
pub const MAX_BYTES: usize = 512 << 20;
/// The most packages one document may list.
pub const MAX_PACKAGES: usize = 1_000_000;
/// How deeply CycloneDX components may nest.
pub const MAX_DEPTH: usize = 32;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Larger than [`MAX_BYTES`].
    #[error("the document is larger than {MAX_BYTES} bytes")]
    TooLarge,
    /// Not JSON.
    #[error("not JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but none of the formats bosun reads.
    #[error("not a CycloneDX, SPDX 2.x or syft JSON document")]
    UnknownFormat,
    /// A format bosun reads, in a version it does not.
    #[error("unsupported {format} version {version:?}")]
    UnsupportedVersion {
        /// The format.
        format: &'static str,
        /// The version the document declares.
        version: String,
    },
    /// More than [`MAX_PACKAGES`] packages, or components nested deeper
    /// than [`MAX_DEPTH`].
    #[error("the document exceeds a limit: {0}")]
    Limit(&'static str),
}

/// The formats [`read`] recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SbomFormat {
    /// CycloneDX JSON.
    CycloneDx,
    /// SPDX 2.x JSON.
    Spdx,
    /// syft's JSON.
    Syft,
}

/// Recognises the format of a parsed document.
fn detect(v: &Value) -> Option<SbomFormat> {
    if v.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        Some(SbomFormat::CycloneDx)
    } else if v.get("spdxVersion").is_some() {
        Some(SbomFormat::Spdx)
    } else if v.get("artifacts").is_some()
        && (v.get("descriptor").is_some() || v.get("source").is_some())
    {
        Some(SbomFormat::Syft)
    } else {
        None
    }
}

/// Reads an SBOM document (any of [`SbomFormat`]). `reference` names it
/// when the document does not name its subject.
pub fn read(bytes: &[u8], reference: &str) -> Result<(SbomFormat, Sbom), ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    let v: Value = serde_json::from_slice(bytes)?;
    let format = detect(&v).ok_or(ReadError::UnknownFormat)?;
    Ok((format, read_value(format, &v, reference)?))
}

/// Reads a document known to be in `format` (no detection).
pub fn read_as(format: SbomFormat, bytes: &[u8], reference: &str) -> Result<Sbom, ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    let v: Value = serde_json::from_slice(bytes)?;
    read_value(format, &v, reference)
}

fn read_value(format: SbomFormat, v: &Value, reference: &str) -> Result<Sbom, ReadError> {
    let sbom = match format {
        SbomFormat::CycloneDx => cyclonedx::read(v, reference)?,
        SbomFormat::Spdx => spdx::read(v, reference)?,
        SbomFormat::Syft => syft::read(v, reference)?,
    };
    Ok(sbom)
}

/// An empty SBOM for `reference`, filled in by the readers.
fn empty(reference: &str) -> Sbom {
    Sbom {
        schema: SBOM_SCHEMA.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        image: ImageInfo {
            reference: reference.to_owned(),
            ..ImageInfo::default()
        },
        distro: None,
        layers: Vec::<LayerInfo>::new(),
        packages: Vec::new(),
        problems: Vec::new(),
        users: None,
    }
}

/// A package from what every format gives: name, version, PURL.
/// `distro` is the document's `ID-VERSION_ID`, for distro PURLs without
/// a `distro` qualifier; `cataloger` names the format.
fn package(
    name: &str,
    version: &str,
    purl: Option<&str>,
    distro: Option<&str>,
    cataloger: &str,
) -> Package {
    let parsed = purl.and_then(Purl::parse);
    let kind = parsed.as_ref().map_or("generic", |p| p.kind.as_str());
    // The PURL's version is the one the ecosystem compares; the display
    // version may be decorated (syft's rpm `epoch:` prefixes agree anyway).
    let version = if version.is_empty() {
        parsed
            .as_ref()
            .and_then(|p| p.version.as_deref())
            .unwrap_or("")
    } else {
        version
    };
    let mut p = Package::new(kind, name, version, cataloger);
    if let Some(u) = purl {
        p.purl = u.to_owned();
    }
    if let Some(pu) = &parsed {
        p.ecosystem = pu.ecosystem(distro);
        // Maven matches by `group:artifact`, which only the PURL spells out;
        // other names stay as the document wrote them.
        if name.is_empty() || pu.kind == "maven" {
            p.name = pu.ecosystem_name();
        }
        p.arch = pu.qualifiers.get("arch").cloned();
        if let Some(up) = pu.qualifiers.get("upstream") {
            p.source = Some(source_package(&pu.kind, up));
        }
    }
    p
}

/// The source package from a PURL's `upstream` qualifier: `name`,
/// `name@version` (syft's deb form) or an rpm's `name-version-release.src.rpm`.
fn source_package(kind: &str, upstream: &str) -> SourcePackage {
    if kind == "rpm" {
        let base = upstream.trim_end_matches(".src.rpm");
        let mut parts = base.rsplitn(3, '-');
        let release = parts.next();
        let version = parts.next();
        if let (Some(r), Some(v), Some(n)) = (release, version, parts.next()) {
            return SourcePackage {
                name: n.to_owned(),
                version: Some(format!("{v}-{r}")),
            };
        }
        return SourcePackage {
            name: base.to_owned(),
            version: None,
        };
    }
    match upstream.split_once('@') {
        Some((n, v)) => SourcePackage {
            name: n.to_owned(),
            version: Some(v.to_owned()).filter(|v| !v.is_empty()),
        },
        None => SourcePackage {
            name: upstream.to_owned(),
            version: None,
        },
    }
}

/// Sets the SBOM's distribution from an os-release ID and VERSION_ID.
fn set_distro(sbom: &mut Sbom, id: &str, version_id: Option<&str>, pretty: Option<&str>) {
    if id.is_empty() {
        return;
    }
    let id = id.to_ascii_lowercase();
    sbom.distro = Some(bosun_types::Distro {
        ecosystem: bosun_types::distro::osv_ecosystem(&id, version_id),
        id,
        version_id: version_id.map(str::to_owned),
        codename: None,
        pretty_name: pretty.map(str::to_owned),
        id_like: Vec::new(),
    });
}

/// The distribution as a PURL `distro` qualifier, for packages without one.
fn distro_qualifier(sbom: &Sbom) -> Option<String> {
    let d = sbom.distro.as_ref()?;
    Some(match &d.version_id {
        Some(v) => format!("{}-{v}", d.id),
        None => d.id.clone(),
    })
}

/// A JSON string field, or "".
fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A JSON array field, or nothing.
fn arr<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Sorts packages the way bosun's catalog lists them and checks the count.
fn finish(sbom: &mut Sbom) -> Result<(), ReadError> {
    if sbom.packages.len() > MAX_PACKAGES {
        return Err(ReadError::Limit("too many packages"));
    }
    sbom.packages.sort_by(|a, b| {
        (&a.kind, &a.name, &a.version, &a.purl).cmp(&(&b.kind, &b.name, &b.version, &b.purl))
    });
    Ok(())
}

#[cfg(test)]
mod tests {

    use super::*;

    #[test]
    fn language_packages_take_their_ecosystem_from_the_purl() {
        let doc = serde_json::json!({
            "bomFormat": "CycloneDX", "specVersion": "1.4",
            "components": [
                { "type": "library", "name": "Django", "version": "3.2.0", "purl": "pkg:pypi/django@3.2.0" },
                { "type": "library", "name": "core", "version": "7.0.0", "purl": "pkg:npm/%40babel/core@7.0.0",
                  "components": [ { "type": "library", "name": "commons-text", "version": "1.9",
                                    "purl": "pkg:maven/org.apache.commons/commons-text@1.9" } ] },
                { "type": "library", "name": "nopurl", "version": "1" }
            ]
        });
        let (_, s) = read(doc.to_string().as_bytes(), "x").unwrap();
        let find = |n: &str| s.packages.iter().find(|p| p.name == n).unwrap();
        assert_eq!(find("Django").ecosystem.as_deref(), Some("PyPI"));
        assert_eq!(find("core").ecosystem.as_deref(), Some("npm"));
        assert_eq!(
            find("org.apache.commons:commons-text").ecosystem.as_deref(),
            Some("Maven")
        );
        assert_eq!(find("nopurl").ecosystem, None);
    }

    #[test]
    fn hostile_documents_are_errors() {
        assert!(matches!(read(b"{}", "x"), Err(ReadError::UnknownFormat)));
        assert!(matches!(read(b"[", "x"), Err(ReadError::Json(_))));
        let old = br#"{"bomFormat":"CycloneDX","specVersion":"1.2","components":[]}"#;
        assert!(matches!(
            read(old, "x"),
            Err(ReadError::UnsupportedVersion { .. })
        ));
        // Components nested deeper than the limit.
        let mut c = serde_json::json!({ "type": "library", "name": "leaf" });
        for _ in 0..(MAX_DEPTH + 2) {
            c = serde_json::json!({ "type": "library", "name": "n", "components": [c] });
        }
        let doc = serde_json::json!({ "bomFormat": "CycloneDX", "specVersion": "1.6", "components": [c] });
        assert!(matches!(
            read(doc.to_string().as_bytes(), "x"),
            Err(ReadError::Limit(_))
        ));
        // Deep JSON nesting is refused by the parser, not the stack.
        let deep = "[".repeat(100_000);
        assert!(read(deep.as_bytes(), "x").is_err());
        // Wrong types are skipped, not panics.
        let odd =
            br#"{"spdxVersion":"SPDX-2.3","packages":[1,"x",{"externalRefs":"no"},{"name":5}]}"#;
        assert!(read(odd, "x").unwrap().1.packages.is_empty());
        let odd = br#"{"artifacts":{"a":1},"source":[]}"#;
        assert!(read(odd, "x").unwrap().1.packages.is_empty());
    }

    #[test]
    fn syft_json_keeps_layers() {
        let doc = serde_json::json!({
            "artifacts": [{
                "name": "libssl3", "version": "3.0.11-1~deb12u2", "type": "deb",
                "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12",
                "locations": [{ "path": "/var/lib/dpkg/status", "layerID": "sha256:bb" }]
            }],
            "source": { "type": "image", "metadata": { "userInput": "app:1",
                "layers": [{ "digest": "sha256:aa" }, { "digest": "sha256:bb" }] } },
            "distro": { "id": "debian", "versionID": "12" },
            "descriptor": { "name": "syft", "version": "1.18.1" }
        });
        let (f, s) = read(doc.to_string().as_bytes(), "x").unwrap();
        assert_eq!(f, SbomFormat::Syft);
        assert_eq!(s.image.reference, "app:1");
        let p = &s.packages[0];
        assert_eq!(p.introduced_layer.as_ref().map(|l| l.index), Some(1));
        assert_eq!(p.source.as_ref().map(|s| s.name.as_str()), Some("openssl"));
        assert_eq!(p.ecosystem.as_deref(), Some("Debian:12"));
    }
}
