//! Which distribution an image is: `os-release` first (`etc/`, then
//! `usr/lib/`), refined or replaced by the release files older images
//! carry (`debian_version`, `redhat-release`, `alpine-release`,
//! `system-release-cpe`), then busybox; an image with none of them is
//! scratch or distroless-static and has no distribution.

use bosun_layers::FileRequest;
use bosun_types::distro::major;
pub use bosun_types::distro::{Distro, osv_ecosystem};

/// The release files read, in order of preference.
pub const RELEASE_FILES: &[&str] = &[
    "etc/os-release",
    "usr/lib/os-release",
    "etc/alpine-release",
    "etc/debian_version",
    "etc/redhat-release",
    "etc/system-release-cpe",
    "bin/busybox",
];

/// What the walk must collect for detection.
pub fn requests() -> Vec<FileRequest> {
    RELEASE_FILES
        .iter()
        .map(|p| {
            FileRequest::path(p).max_size(if p.ends_with("busybox") {
                8 << 20
            } else {
                64 << 10
            })
        })
        .collect()
}

/// Parses an os-release file (shell-style `KEY=value` lines).
fn parse_os_release(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v);
        let v = v
            .replace("\\\"", "\"")
            .replace("\\$", "$")
            .replace("\\\\", "\\");
        out.push((k.trim().to_owned(), v));
    }
    out
}

/// `… release 8.10 (Ootpa)` → (`rhel`, `8.10`, codename).
fn parse_redhat_release(text: &str) -> Option<(String, String)> {
    let line = text.lines().next()?.trim();
    let (name, rest) = line.split_once(" release ")?;
    let version = rest.split_whitespace().next()?;
    if !version.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let id = if lower.starts_with("red hat") {
        "rhel"
    } else if lower.starts_with("centos") {
        "centos"
    } else if lower.starts_with("rocky") {
        "rocky"
    } else if lower.starts_with("almalinux") {
        "almalinux"
    } else if lower.starts_with("scientific") {
        "scientific"
    } else if lower.starts_with("fedora") {
        "fedora"
    } else if lower.starts_with("oracle") {
        "ol"
    } else {
        return None;
    };
    Some((id.into(), version.into()))
}

/// `cpe:/o:centos:linux:6:GA` → (`centos`, `6`).
fn parse_cpe(text: &str) -> Option<(String, String)> {
    let line = text.lines().next()?.trim();
    let parts: Vec<&str> = line.split(':').collect();
    if parts.first() != Some(&"cpe") || parts.len() < 5 {
        return None;
    }
    let (vendor, version) = if parts.get(1) == Some(&"2.3") {
        (*parts.get(3)?, *parts.get(5)?)
    } else {
        (*parts.get(2)?, *parts.get(4)?)
    };
    if vendor.is_empty() || version.is_empty() {
        return None;
    }
    let id = if vendor == "redhat" { "rhel" } else { vendor };
    Some((id.into(), version.into()))
}

/// `BusyBox v1.31.1 (…)` inside the binary.
fn busybox_version(bin: &[u8]) -> Option<String> {
    let needle = b"BusyBox v";
    let pos = bin.windows(needle.len()).position(|w| w == needle)?;
    let rest = bin.get(pos + needle.len()..)?;
    let v: String = rest
        .iter()
        .take_while(|b| b.is_ascii_digit() || **b == b'.')
        .map(|&b| b as char)
        .collect();
    (!v.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())).then_some(v)
}

/// Detects the distribution from the release files' final contents;
/// `file(path)` returns a file's bytes (paths as in [`RELEASE_FILES`]).
pub fn detect<'a>(file: impl Fn(&str) -> Option<&'a [u8]>) -> Option<Distro> {
    let text = |p: &str| file(p).map(|b| String::from_utf8_lossy(b).into_owned());
    let mut d = Distro::default();
    if let Some(os) = text("etc/os-release").or_else(|| text("usr/lib/os-release")) {
        for (k, v) in parse_os_release(&os) {
            let v = (!v.is_empty()).then_some(v);
            match k.as_str() {
                "ID" => d.id = v.unwrap_or_default(),
                "VERSION_ID" => d.version_id = v,
                "VERSION_CODENAME" => d.codename = v,
                "PRETTY_NAME" => d.pretty_name = v,
                "ID_LIKE" => {
                    d.id_like = v
                        .unwrap_or_default()
                        .split_whitespace()
                        .map(ToOwned::to_owned)
                        .collect()
                }
                _ => {}
            }
        }
    }
    // Point releases live only in the legacy files.
    if (d.id.is_empty() || d.id == "debian")
        && let Some(v) = text("etc/debian_version")
    {
        let v = v.trim();
        let numeric = v.starts_with(|c: char| c.is_ascii_digit());
        if numeric
            && (d.version_id.is_none() || d.version_id.as_deref().map(major) == Some(major(v)))
        {
            d.id = "debian".into();
            d.version_id = Some(v.to_owned());
        } else if d.id.is_empty() {
            d.id = "debian".into();
        }
    }
    if let Some((id, v)) = text("etc/redhat-release")
        .as_deref()
        .and_then(parse_redhat_release)
        && (d.id.is_empty() || d.id == id)
    {
        d.id = id;
        d.version_id = Some(v);
    }
    if d.id.is_empty()
        && let Some((id, v)) = text("etc/system-release-cpe")
            .as_deref()
            .and_then(parse_cpe)
    {
        d.id = id;
        d.version_id = Some(v);
    }
    if d.id.is_empty()
        && let Some(v) = text("etc/alpine-release")
    {
        d.id = "alpine".into();
        d.version_id = Some(v.trim().to_owned());
    }
    if d.id.is_empty()
        && let Some(v) = file("bin/busybox").and_then(busybox_version)
    {
        d.id = "busybox".into();
        d.pretty_name = Some(format!("BusyBox v{v}"));
        d.version_id = Some(v);
    }
    if d.id.is_empty() && d.version_id.is_none() {
        return None;
    }
    d.ecosystem = osv_ecosystem(&d.id, d.version_id.as_deref());
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn det(files: &[(&str, &str)]) -> Option<Distro> {
        detect(|p| {
            files
                .iter()
                .find(|(q, _)| *q == p)
                .map(|(_, c)| c.as_bytes())
        })
    }

    #[test]
    fn ecosystems() {
        let eco = |id, v| osv_ecosystem(id, Some(v));
        assert_eq!(eco("debian", "12").as_deref(), Some("Debian:12"));
        assert_eq!(eco("debian", "12.5").as_deref(), Some("Debian:12"));
        assert_eq!(eco("ubuntu", "22.04").as_deref(), Some("Ubuntu:22.04:LTS"));
        assert_eq!(eco("ubuntu", "23.10").as_deref(), Some("Ubuntu:23.10"));
        assert_eq!(eco("ubuntu", "21.04").as_deref(), Some("Ubuntu:21.04"));
        assert_eq!(eco("alpine", "3.20.3").as_deref(), Some("Alpine:v3.20"));
        assert_eq!(eco("rhel", "9.4").as_deref(), Some("Red Hat"));
        assert_eq!(eco("rocky", "9.3").as_deref(), Some("Rocky Linux:9"));
        assert_eq!(eco("almalinux", "9.3").as_deref(), Some("AlmaLinux:9"));
        assert_eq!(eco("sles", "15.5").as_deref(), Some("SUSE"));
        assert_eq!(eco("opensuse-leap", "15.5").as_deref(), Some("openSUSE"));
    }

    #[test]
    fn scratch_and_busybox() {
        assert_eq!(det(&[]), None);
        let d = det(&[("bin/busybox", "\x7fELF...BusyBox v1.36.1 (2023-11-07)...")]).unwrap();
        assert_eq!(
            (d.id.as_str(), d.version_id.as_deref()),
            ("busybox", Some("1.36.1"))
        );
        assert_eq!(d.ecosystem, None);
    }

    #[test]
    fn distroless_debian() {
        let d = det(&[(
            "etc/os-release",
            "PRETTY_NAME=\"Distroless\"\nNAME=\"Debian GNU/Linux\"\nID=\"debian\"\nVERSION_ID=\"12\"\n",
        )])
        .unwrap();
        assert_eq!(d.ecosystem.as_deref(), Some("Debian:12"));
        assert_eq!(d.purl_qualifier(), "debian-12");
    }
}
