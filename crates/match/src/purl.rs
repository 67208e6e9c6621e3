//! Package URL comparison for ignore entries and VEX products: a PURL
//! without a version names every version; qualifiers and subpaths are
//! ignored; the type is case-insensitive.

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
pub(crate) fn matches(pattern: &str, purl: &str) -> bool {
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
mod tests {
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
