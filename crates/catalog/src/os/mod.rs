//! Operating-system package managers: one module per database format.

pub mod apk;
pub mod dpkg;
pub mod rpm;

use crate::catalog::Input;
use crate::distro::Distro;
use crate::package::Package;
use crate::purl;

/// The PURL namespace and `distro` qualifier for packages of `distro`,
/// falling back to `default_ns` when the distribution is unknown.
pub(crate) fn purl_context(distro: Option<&Distro>, default_ns: &str) -> (String, String) {
    match distro {
        Some(d) if !d.id.is_empty() => {
            let ns = if d.id == "rhel" {
                "redhat".into()
            } else {
                d.id.to_ascii_lowercase()
            };
            (ns, d.purl_qualifier())
        }
        _ => (default_ns.into(), String::new()),
    }
}

/// Sets the PURL (`arch`, `distro`, `upstream` qualifiers) and ecosystem
/// of freshly parsed packages of a deb-like or apk-like database.
pub(crate) fn stamp(
    pkgs: &mut [Package],
    input: &Input<'_>,
    default_ns: &str,
    upstream: impl Fn(&Package) -> Option<String>,
) {
    let (ns, distro_q) = purl_context(input.distro, default_ns);
    let eco = input.distro.and_then(|d| d.ecosystem.clone());
    for p in pkgs {
        let up = upstream(p);
        p.purl = purl::build(
            &p.kind,
            Some(&ns),
            &p.name,
            &p.version,
            &[
                ("arch", p.arch.as_deref().unwrap_or("")),
                ("distro", &distro_q),
                ("upstream", up.as_deref().unwrap_or("")),
            ],
        );
        p.ecosystem = eco.clone();
    }
}
