//! Package URLs (the package-url specification), one implementation for
//! the whole of bosun:
//!
//! - [`build`]: writing one — type, namespace, name, version, qualifiers
//!   sorted by key, each component percent-encoded (the catalogers);
//! - [`Purl::parse`]: reading one, components percent-decoded, with the
//!   OSV ecosystem and name it stands for (incoming SBOMs);
//! - [`matches`]: comparing one with a pattern, as ignore entries and VEX
//!   products do — a PURL without a version names every version;
//!   qualifiers and subpaths are ignored; the type is case-insensitive.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Percent-encodes everything but the characters the specification leaves
/// bare (`:` is allowed unencoded, so deb epochs read naturally).
fn encode(s: &str, out: &mut String, keep_colon: bool) {
    for b in s.bytes() {
        let bare = b.is_ascii_alphanumeric()
            || matches!(b, b'.' | b'-' | b'_' | b'~')
            || (keep_colon && b == b':');
        if bare {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

/// Builds `pkg:TYPE/NAMESPACE/NAME@VERSION?k=v&…`; empty qualifier values
/// are dropped.
pub fn build(
    kind: &str,
    namespace: Option<&str>,
    name: &str,
    version: &str,
    qualifiers: &[(&str, &str)],
) -> String {
    let mut s = String::with_capacity(64);
    s.push_str("pkg:");
    s.push_str(&kind.to_ascii_lowercase());
    s.push('/');
    if let Some(ns) = namespace.filter(|n| !n.is_empty()) {
        for (i, seg) in ns.split('/').enumerate() {
            if i > 0 {
                s.push('/');
            }
            encode(seg, &mut s, true);
        }
        s.push('/');
    }
    encode(name, &mut s, true);
    if !version.is_empty() {
        s.push('@');
        encode(version, &mut s, true);
    }
    let mut q: Vec<(&str, &str)> = qualifiers
        .iter()
        .copied()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    q.sort_by(|a, b| a.0.cmp(b.0));
    for (i, (k, v)) in q.iter().enumerate() {
        s.push(if i == 0 { '?' } else { '&' });
        s.push_str(k);
        s.push('=');
        encode(v, &mut s, true);
    }
    s
}

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
        match self.kind.as_str() {
            "deb" | "apk" | "rpm" => {
                let d = self
                    .qualifiers
                    .get("distro")
                    .map(String::as_str)
                    .or(distro)?;
                let (id, version) = split_distro(d, self.namespace.as_deref());
                crate::distro::osv_ecosystem(&id, version.as_deref())
            }
            kind => crate::ecosystem::by_purl_type(kind).map(|e| e.osv.to_owned()),
        }
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

/// `(type/namespace/name, version)` of a PURL, qualifiers and subpath cut.
fn split(purl: &str) -> (String, Option<&str>) {
    let p = purl.trim();
    let p = p.split(['?', '#']).next().unwrap_or(p);
    let last_slash = p.rfind('/').unwrap_or(0);
    let (base, version) = match p[last_slash..].find('@') {
        Some(at) => (&p[..last_slash + at], Some(&p[last_slash + at + 1..])),
        None => (p, None),
    };
    let base = base
        .replace("%40", "@")
        .replace("%2F", "/")
        .replace("%2f", "/");
    // The scheme and type are case-insensitive.
    let base = match base.split_once('/') {
        Some((t, rest)) => format!("{}/{rest}", t.to_ascii_lowercase()),
        None => base.to_ascii_lowercase(),
    };
    (base, version.map(str::trim).filter(|v| !v.is_empty()))
}

/// Whether `pattern` names `purl`: same base; same version when the
/// pattern has one.
pub fn matches(pattern: &str, purl: &str) -> bool {
    let (pb, pv) = split(pattern);
    let (b, v) = split(purl);
    pb == b
        && match pv {
            None => true,
            Some(pv) => {
                v.is_some_and(|v| v == pv || v.replace("%2B", "+") == pv.replace("%2B", "+"))
            }
        }
}

#[cfg(test)]
mod build_tests {
    use super::*;

    #[test]
    fn deb() {
        assert_eq!(
            build(
                "deb",
                Some("debian"),
                "libssl3",
                "3.0.11-1~deb12u2",
                &[
                    ("upstream", "openssl"),
                    ("arch", "amd64"),
                    ("distro", "debian-12")
                ]
            ),
            "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl"
        );
        assert_eq!(
            build("deb", Some("debian"), "g++", "1:2+b1", &[("epoch", "")]),
            "pkg:deb/debian/g%2B%2B@1:2%2Bb1"
        );
    }
}
#[cfg(test)]
mod parse_tests {
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
#[cfg(test)]
mod match_tests {
    use super::matches;

    #[test]
    fn purls() {
        assert!(matches("pkg:pypi/django", "pkg:pypi/django@3.2.0"));
        assert!(matches("pkg:pypi/django@3.2.0", "pkg:pypi/django@3.2.0"));
        assert!(!matches("pkg:pypi/django@3.2.1", "pkg:pypi/django@3.2.0"));
        assert!(!matches("pkg:pypi/flask", "pkg:pypi/django@3.2.0"));
        assert!(matches(
            "pkg:npm/%40babel/core@7.0.0",
            "pkg:npm/@babel/core@7.0.0"
        ));
        assert!(matches(
            "pkg:deb/debian/openssl@3.0.11-1~deb12u2",
            "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"
        ));
        assert!(!matches(
            "pkg:deb/debian/openssl",
            "pkg:deb/debian/openssl-dev@1"
        ));
    }
}
