//! A package-url parser (`pkg:type/namespace/name@version?qualifiers#subpath`)
//! and the mapping from PURL types to OSV ecosystems and the names OSV
//! uses for them.

use std::collections::BTreeMap;

/// A parsed package URL, components percent-decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purl {
    /// The type, lowercased (`deb`, `pypi`, `npm`…).
    pub kind: String,
    /// The namespace (`debian`, `@scope`, `org.apache.commons`), if any.
    pub namespace: Option<String>,
    /// The name.
    pub name: String,
    /// The version, if any.
    pub version: Option<String>,
    /// Qualifiers, keys lowercased.
    pub qualifiers: BTreeMap<String, String>,
    /// The subpath, if any.
    pub subpath: Option<String>,
}

fn decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Purl {
    /// Parses a package URL; `None` when it is not one.
    pub fn parse(s: &str) -> Option<Self> {
        let rest = s.strip_prefix("pkg:")?.trim_start_matches('/');
        let (rest, subpath) = match rest.split_once('#') {
            Some((r, sp)) => (r, Some(decode(sp.trim_matches('/'))?)),
            None => (rest, None),
        };
        let (rest, quals) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let mut qualifiers = BTreeMap::new();
        for kv in quals.unwrap_or("").split('&').filter(|kv| !kv.is_empty()) {
            let (k, v) = kv.split_once('=')?;
            let v = decode(v)?;
            if !v.is_empty() {
                qualifiers.insert(k.to_ascii_lowercase(), v);
            }
        }
        let (kind, path) = rest.split_once('/')?;
        if kind.is_empty() {
            return None;
        }
        // The version follows the last `@` of the last segment (an npm
        // scope's `@` may be written bare).
        let last_slash = path.rfind('/').map_or(0, |i| i + 1);
        let (path, version) = match path[last_slash..].rfind('@') {
            Some(at) => {
                let at = last_slash + at;
                (&path[..at], Some(decode(&path[at + 1..])?))
            }
            None => (path, None),
        };
        let path = path.trim_end_matches('/');
        let (ns, name) = match path.rfind('/') {
            Some(i) => (Some(&path[..i]), &path[i + 1..]),
            None => (None, path),
        };
        let name = decode(name)?;
        if name.is_empty() {
            return None;
        }
        let namespace = match ns {
            Some(ns) => {
                let segs = ns
                    .split('/')
                    .filter(|s| !s.is_empty())
                    .map(decode)
                    .collect::<Option<Vec<_>>>()?;
                Some(segs.join("/")).filter(|s| !s.is_empty())
            }
            None => None,
        };
        Some(Self {
            kind: kind.to_ascii_lowercase(),
            namespace,
            name,
            version: version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath,
        })
    }

    /// The OSV ecosystem of this package, when the type has one. Distro
    /// packages take the release from the `distro` qualifier, else from
    /// `distro` (the document's operating system, `ID-VERSION_ID`).
    pub fn ecosystem(&self, distro: Option<&str>) -> Option<String> {
        let eco = match self.kind.as_str() {
            "pypi" => "PyPI",
            "npm" => "npm",
            "golang" => "Go",
            "maven" => "Maven",
            "gem" => "RubyGems",
            "cargo" => "crates.io",
            "nuget" => "NuGet",
            "composer" => "Packagist",
            "hex" => "Hex",
            "pub" => "Pub",
            "swift" => "SwiftURL",
            "cran" => "CRAN",
            "hackage" => "Hackage",
            "deb" | "apk" | "rpm" => {
                let d = self
                    .qualifiers
                    .get("distro")
                    .map(String::as_str)
                    .or(distro)?;
                let (id, version) = split_distro(d, self.namespace.as_deref());
                return bosun_catalog::distro::osv_ecosystem(&id, version.as_deref());
            }
            _ => return None,
        };
        Some(eco.to_owned())
    }

    /// The package's name as its ecosystem writes it: `@scope/name` for
    /// npm, `group:artifact` for Maven, the module path for Go,
    /// `vendor/name` for Packagist.
    pub fn ecosystem_name(&self) -> String {
        match (self.kind.as_str(), &self.namespace) {
            ("maven", Some(ns)) => format!("{ns}:{}", self.name),
            ("npm" | "golang" | "composer" | "swift", Some(ns)) => format!("{ns}/{}", self.name),
            _ => self.name.clone(),
        }
    }
}

/// Splits a `distro` qualifier (`debian-12`, `alpine-3.20.3`,
/// `opensuse-leap-15.5`, or syft's `debian`-less `12`) into the os-release
/// ID and VERSION_ID.
fn split_distro(d: &str, namespace: Option<&str>) -> (String, Option<String>) {
    match d.rfind('-') {
        Some(i) if d[i + 1..].starts_with(|c: char| c.is_ascii_digit()) => {
            (d[..i].to_ascii_lowercase(), Some(d[i + 1..].to_owned()))
        }
        _ if d.starts_with(|c: char| c.is_ascii_digit()) => (
            namespace.unwrap_or_default().to_ascii_lowercase(),
            Some(d.to_owned()),
        ),
        _ => (d.to_ascii_lowercase(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::Purl;

    #[test]
    fn parses_the_specification_examples() {
        let p = Purl::parse(
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
        )
        .unwrap();
        assert_eq!(p.kind, "deb");
        assert_eq!(p.namespace.as_deref(), Some("debian"));
        assert_eq!(p.version.as_deref(), Some("3.0.11-1~deb12u2"));
        assert_eq!(p.qualifiers["upstream"], "openssl");
        assert_eq!(p.ecosystem(None).as_deref(), Some("Debian:12"));

        let p = Purl::parse("pkg:npm/%40angular/animation@12.3.1").unwrap();
        assert_eq!(p.ecosystem_name(), "@angular/animation");
        let p = Purl::parse("pkg:npm/@babel/core@7.0.0").unwrap();
        assert_eq!(p.ecosystem_name(), "@babel/core");
        assert_eq!(p.version.as_deref(), Some("7.0.0"));
        let p = Purl::parse("pkg:npm/@babel/core").unwrap();
        assert_eq!(
            (p.ecosystem_name().as_str(), p.version),
            ("@babel/core", None)
        );

        let p = Purl::parse("pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources")
            .unwrap();
        assert_eq!(p.ecosystem_name(), "org.apache.xmlgraphics:batik-anim");
        assert_eq!(p.ecosystem(None).as_deref(), Some("Maven"));

        let p = Purl::parse("pkg:golang/google.golang.org/genproto#googleapis/api/annotations")
            .unwrap();
        assert_eq!(p.ecosystem_name(), "google.golang.org/genproto");
        assert_eq!(p.subpath.as_deref(), Some("googleapis/api/annotations"));

        let p = Purl::parse("pkg:apk/alpine/busybox@1.36.1-r29?arch=x86_64&distro=alpine-3.20.3")
            .unwrap();
        assert_eq!(p.ecosystem(None).as_deref(), Some("Alpine:v3.20"));
        let p = Purl::parse("pkg:PyPI/Django@3.2.0").unwrap();
        assert_eq!(
            (p.kind.as_str(), p.ecosystem(None).as_deref()),
            ("pypi", Some("PyPI"))
        );
        let p = Purl::parse("pkg:deb/ubuntu/bash@5.1?distro=ubuntu-22.04").unwrap();
        assert_eq!(p.ecosystem(None).as_deref(), Some("Ubuntu:22.04:LTS"));
        let p = Purl::parse("pkg:deb/debian/bash@5.2").unwrap();
        assert_eq!(p.ecosystem(Some("debian-12")).as_deref(), Some("Debian:12"));
    }

    #[test]
    fn rejects_what_is_not_a_purl() {
        for s in [
            "",
            "pkg:",
            "pkg:npm",
            "pkg:npm/",
            "pkg:/x",
            "http://x",
            "pkg:npm/%zz",
            "pkg:npm/@1.0",
        ] {
            assert!(Purl::parse(s).is_none(), "{s}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "pkg:[a-z%@/?#=&.:0-9-]{0,40}") {
            let _ = Purl::parse(&s);
        }
    }
}
