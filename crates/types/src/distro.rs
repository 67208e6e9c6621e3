//! A detected distribution as data, and the table from an os-release
//! `ID`/`VERSION_ID` to the OSV ecosystem its packages belong to.
//! Detection (reading the release files) is in `bosun-catalog`.

use serde::{Deserialize, Serialize};

/// A detected distribution.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Distro {
    /// The os-release `ID` (`debian`, `ubuntu`, `alpine`, `rhel`, `busybox`…).
    pub id: String,
    /// The os-release `VERSION_ID`, refined by the point-release files.
    pub version_id: Option<String>,
    /// `VERSION_CODENAME`.
    pub codename: Option<String>,
    /// `PRETTY_NAME`.
    pub pretty_name: Option<String>,
    /// `ID_LIKE`, split.
    pub id_like: Vec<String>,
    /// The OSV ecosystem packages of this distribution belong to.
    pub ecosystem: Option<String>,
}

/// The major version: `12.4` → `12`.
pub fn major(v: &str) -> &str {
    v.split('.').next().unwrap_or(v)
}

fn major_minor(v: &str) -> String {
    v.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// The OSV ecosystem name for an os-release `ID` and `VERSION_ID`.
pub fn osv_ecosystem(id: &str, version_id: Option<&str>) -> Option<String> {
    let v = version_id.filter(|v| !v.is_empty());
    let with = |name: &str, ver: Option<String>| {
        Some(match ver {
            Some(ver) => format!("{name}:{ver}"),
            None => name.to_owned(),
        })
    };
    match id {
        "debian" => with("Debian", v.map(|v| major(v).to_owned())),
        "ubuntu" => {
            let v = v.map(major_minor);
            // Even-year April releases are the long-term ones.
            let lts = v.as_deref().is_some_and(|v| {
                v.ends_with(".04")
                    && v.split('.')
                        .next()
                        .and_then(|m| m.parse::<u32>().ok())
                        .is_some_and(|m| m % 2 == 0)
            });
            with(
                "Ubuntu",
                v.map(|v| if lts { format!("{v}:LTS") } else { v }),
            )
        }
        "alpine" => with("Alpine", v.map(|v| format!("v{}", major_minor(v)))),
        "rhel" => Some("Red Hat".into()),
        "rocky" => with("Rocky Linux", v.map(|v| major(v).to_owned())),
        "almalinux" => with("AlmaLinux", v.map(|v| major(v).to_owned())),
        "sles" | "sles_sap" | "sle-micro" => Some("SUSE".into()),
        "opensuse" | "opensuse-leap" | "opensuse-tumbleweed" | "opensuse-microos" => {
            Some("openSUSE".into())
        }
        "wolfi" => Some("Wolfi".into()),
        "chainguard" => Some("Chainguard".into()),
        "photon" => with("Photon OS", v.map(major_minor)),
        "mariner" => with("Mariner", v.map(major_minor)),
        "azurelinux" => with("Azure Linux", v.map(major_minor)),
        "mageia" => with("Mageia", v.map(|v| major(v).to_owned())),
        "openEuler" | "openeuler" => with("openEuler", v.map(ToOwned::to_owned)),
        _ => None,
    }
}

impl Distro {
    /// The PURL `distro` qualifier: `debian-12`, `alpine-3.20.1`.
    pub fn purl_qualifier(&self) -> String {
        match &self.version_id {
            // Debian's point release is not part of its identity.
            Some(v) if self.id == "debian" => format!("debian-{}", major(v)),
            Some(v) => format!("{}-{v}", self.id),
            None => self.id.clone(),
        }
    }

    /// The ecosystem, or a best guess from the id alone.
    pub fn ecosystem_or(&self, fallback: &str) -> String {
        self.ecosystem
            .clone()
            .unwrap_or_else(|| fallback.to_owned())
    }
}
