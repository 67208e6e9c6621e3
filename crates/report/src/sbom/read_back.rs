//! Round trips: what bosun writes as CycloneDX and SPDX, bosun's SBOM
//! reader (`bosun-sbom`) reads back to the same packages.

use std::collections::BTreeSet;

use bosun_types::Sbom;

use super::{Format, fixtures, render};

/// (type, name, version, purl, ecosystem) of every package.
fn identity(s: &Sbom) -> BTreeSet<[String; 5]> {
    s.packages
        .iter()
        .map(|p| {
            [
                p.kind.clone(),
                p.name.clone(),
                p.version.clone(),
                p.purl.clone(),
                p.ecosystem.clone().unwrap_or_default(),
            ]
        })
        .collect()
}

#[test]
fn bosun_cyclonedx_and_spdx_read_back_to_the_same_packages() {
    let sbom = fixtures::sbom();
    for (format, want) in [
        (Format::CycloneDxJson, bosun_sbom::SbomFormat::CycloneDx),
        (Format::SpdxJson, bosun_sbom::SbomFormat::Spdx),
    ] {
        let text = render(format, &sbom, &fixtures::opts()).unwrap();
        let (got_format, back) = bosun_sbom::read(text.as_bytes(), "x").unwrap();
        assert_eq!(got_format, want);
        assert_eq!(identity(&back), identity(&sbom), "{want:?}");
        // The source package (what distro packages match by) survives
        // through the PURL's `upstream` qualifier.
        for p in &back.packages {
            let name = p.source.as_ref().map(|s| s.name.as_str());
            assert_eq!(
                name,
                Some(if p.name == "zlib1g" {
                    "zlib"
                } else {
                    "openssl"
                })
            );
        }
        assert_eq!(back.image.reference, sbom.image.reference);
        assert_eq!(
            back.distro.as_ref().and_then(|d| d.ecosystem.clone()),
            Some("Debian:12".to_owned())
        );
    }
    // Layers survive bosun's own CycloneDX.
    let text = render(Format::CycloneDxJson, &sbom, &fixtures::opts()).unwrap();
    let (_, back) = bosun_sbom::read(text.as_bytes(), "x").unwrap();
    let ssl = back.packages.iter().find(|p| p.name == "libssl3").unwrap();
    assert_eq!(ssl.introduced_layer.as_ref().map(|l| l.index), Some(0));
    assert_eq!(ssl.locations[0].path, "/var/lib/dpkg/status");
}
