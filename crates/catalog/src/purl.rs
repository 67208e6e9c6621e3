//! Package URLs per the package-url specification: type, namespace, name,
//! version, qualifiers sorted by key, each component percent-encoded.

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

#[cfg(test)]
mod tests {
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
