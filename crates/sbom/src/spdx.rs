//! SPDX 2.x JSON (2.2 and 2.3): every package with a `purl` external
//! reference is a package; the one with purpose `OPERATING-SYSTEM` gives
//! the distribution, the described `CONTAINER` the subject's name.
//! Packages without a PURL (files, the image itself) are skipped: nothing
//! could match them.

use bosun_types::Sbom;
use serde_json::Value;

use super::{ReadError, arr, distro_qualifier, empty, finish, package, s};

pub(super) fn read(v: &Value, reference: &str) -> Result<Sbom, ReadError> {
    let version = s(v, "spdxVersion");
    if !matches!(version, "SPDX-2.2" | "SPDX-2.3") {
        return Err(ReadError::UnsupportedVersion {
            format: "SPDX",
            version: version.to_owned(),
        });
    }
    let mut sbom = empty(reference);
    let pkgs = arr(v, "packages");
    if pkgs.len() > super::MAX_PACKAGES {
        return Err(ReadError::Limit("too many packages"));
    }
    for p in pkgs {
        match s(p, "primaryPackagePurpose") {
            "OPERATING-SYSTEM" => super::set_distro(
                &mut sbom,
                s(p, "name"),
                Some(s(p, "versionInfo")).filter(|v| !v.is_empty()),
                None,
            ),
            "CONTAINER" => {
                let n = s(p, "name");
                if !n.is_empty() {
                    sbom.image.reference = n.to_owned();
                }
            }
            _ => {}
        }
    }
    let distro = distro_qualifier(&sbom);
    for p in pkgs {
        let purl = arr(p, "externalRefs")
            .iter()
            .find(|r| s(r, "referenceType") == "purl")
            .map(|r| s(r, "referenceLocator"))
            .filter(|u| !u.is_empty());
        let Some(purl) = purl else { continue };
        if matches!(
            s(p, "primaryPackagePurpose"),
            "OPERATING-SYSTEM" | "CONTAINER"
        ) {
            continue;
        }
        let pkg = package(
            s(p, "name"),
            s(p, "versionInfo"),
            Some(purl),
            distro.as_deref(),
            "spdx",
        );
        if !pkg.name.is_empty() {
            sbom.packages.push(pkg);
        }
    }
    finish(&mut sbom)?;
    Ok(sbom)
}
