//! Targets of the incoming-SBOM readers (`bosun-sbom`: documents given to
//! `bosun scan sbom:FILE`) and of package URLs (`bosun-types`).

use bosun_sbom::{SbomFormat, read_as};
use bosun_types::purl::Purl;

/// Arbitrary text as a package URL, and the ecosystem mapping of what parses.
pub fn report_purl(data: &[u8]) {
    if let Some(p) = Purl::parse(&String::from_utf8_lossy(data)) {
        let _ = p.ecosystem(Some("debian-12"));
        let _ = p.ecosystem_name();
    }
}

/// Arbitrary bytes as a CycloneDX JSON SBOM.
pub fn report_sbom_cyclonedx(data: &[u8]) {
    let _ = read_as(SbomFormat::CycloneDx, data, "fuzz");
}

/// Arbitrary bytes as an SPDX JSON SBOM.
pub fn report_sbom_spdx(data: &[u8]) {
    let _ = read_as(SbomFormat::Spdx, data, "fuzz");
}

/// Arbitrary bytes as a Syft JSON SBOM.
pub fn report_sbom_syft(data: &[u8]) {
    let _ = read_as(SbomFormat::Syft, data, "fuzz");
}
