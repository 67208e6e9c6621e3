//! Registry references normalised as Docker does: `python` is
//! `docker.io/library/python:latest`, the first path component is a
//! registry only when it has a `.` or a `:` or is `localhost` (or has an
//! upper-case letter), repositories are lower case, a digest wins over a tag.

use std::fmt;
use std::str::FromStr;

use bosun_image::Digest;

use crate::error::{Error, Result};

/// Docker Hub's canonical name.
pub const DOCKER_HUB: &str = "docker.io";
/// Where Docker Hub's API is actually served.
const DOCKER_HUB_API: &str = "registry-1.docker.io";
/// Longest repository name distribution accepts.
const MAX_NAME: usize = 255;
/// Longest tag.
const MAX_TAG: usize = 128;

/// A normalised registry reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Reference {
    registry: String,
    repository: String,
    tag: Option<String>,
    digest: Option<Digest>,
}

impl Reference {
    /// Parses a reference as `docker pull` would, adding the default
    /// registry, `library/` for official images and `:latest` when neither
    /// tag nor digest is given.
    pub fn parse(input: &str) -> Result<Self> {
        let bad = |reason: &str| Error::Reference {
            reference: input.to_owned(),
            reason: reason.to_owned(),
        };
        if input.is_empty() {
            return Err(bad("empty reference"));
        }
        if input.len() > 4096 {
            return Err(bad("reference too long"));
        }
        let (rest, digest) = match input.split_once('@') {
            Some((r, d)) => {
                let d: Digest = d.parse().map_err(|_| {
                    bad("the digest after @ must be sha256:<64 hex> or sha512:<128 hex>")
                })?;
                (r, Some(d))
            }
            None => (input, None),
        };
        // A tag's colon comes after the last slash; earlier ones are ports.
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (name, tag) = match rest[last_slash..].rfind(':') {
            Some(i) => {
                let i = last_slash + i;
                (&rest[..i], Some(&rest[i + 1..]))
            }
            None => (rest, None),
        };
        if let Some(t) = tag
            && !valid_tag(t)
        {
            return Err(bad(
                "a tag is 1-128 letters, digits, '_', '.' or '-', not starting with '.' or '-'",
            ));
        }
        if name.is_empty() {
            return Err(bad("no repository name"));
        }
        let (registry, path) = match name.split_once('/') {
            Some((first, path))
                if first.contains(['.', ':'])
                    || first == "localhost"
                    || first.bytes().any(|b| b.is_ascii_uppercase()) =>
            {
                if !valid_registry(first) {
                    return Err(bad("invalid registry host"));
                }
                (first.to_owned(), path)
            }
            _ => (DOCKER_HUB.to_owned(), name),
        };
        let registry = match registry.as_str() {
            "index.docker.io" | "registry-1.docker.io" => DOCKER_HUB.to_owned(),
            _ => registry,
        };
        if path.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(bad("repository name must be lowercase"));
        }
        if !path.split('/').all(valid_component) {
            return Err(bad(
                "repository path components are lower-case letters and digits, separated by '.', '_', '__' or '-'",
            ));
        }
        if digest.is_none()
            && tag.is_none()
            && registry == DOCKER_HUB
            && path.len() == 64
            && path.bytes().all(|b| b.is_ascii_hexdigit())
        {
            return Err(bad(
                "a 64-character hexadecimal string is an image ID, not a repository name",
            ));
        }
        let repository = if registry == DOCKER_HUB && !path.contains('/') {
            format!("library/{path}")
        } else {
            path.to_owned()
        };
        if registry.len() + 1 + repository.len() > MAX_NAME {
            return Err(bad("repository name longer than 255 characters"));
        }
        let tag = match (tag, &digest) {
            (Some(t), _) => Some(t.to_owned()),
            (None, None) => Some("latest".to_owned()),
            (None, Some(_)) => None,
        };
        Ok(Self {
            registry,
            repository,
            tag,
            digest,
        })
    }

    /// The registry as named (`docker.io`, `ghcr.io`, `localhost:5000`).
    pub fn registry(&self) -> &str {
        &self.registry
    }

    /// The host and port to connect to (`registry-1.docker.io` for Docker Hub).
    pub fn api_host(&self) -> &str {
        if self.registry == DOCKER_HUB {
            DOCKER_HUB_API
        } else {
            &self.registry
        }
    }

    /// The repository (`library/python`).
    pub fn repository(&self) -> &str {
        &self.repository
    }

    /// The tag, if any.
    pub fn tag(&self) -> Option<&str> {
        self.tag.as_deref()
    }

    /// The digest, if any.
    pub fn digest(&self) -> Option<&Digest> {
        self.digest.as_ref()
    }

    /// What to ask the manifests endpoint for: the digest when there is
    /// one (it pins the content), else the tag.
    pub fn manifest_ref(&self) -> String {
        match (&self.digest, &self.tag) {
            (Some(d), _) => d.to_string(),
            (None, Some(t)) => t.clone(),
            (None, None) => "latest".to_owned(),
        }
    }

    /// The same repository with another tag or digest.
    pub fn with_digest(&self, digest: Digest) -> Self {
        Self {
            registry: self.registry.clone(),
            repository: self.repository.clone(),
            tag: self.tag.clone(),
            digest: Some(digest),
        }
    }

    /// `registry/repository`, without tag or digest.
    pub fn name(&self) -> String {
        format!("{}/{}", self.registry, self.repository)
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.registry, self.repository)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

impl FromStr for Reference {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

/// A registry as a user names it in `login` (`docker.io`,
/// `https://index.docker.io/v1/`, `localhost:5000`), reduced to the name
/// references use.
pub fn registry_name(input: &str) -> String {
    let s = input
        .strip_prefix("https://")
        .or_else(|| input.strip_prefix("http://"))
        .unwrap_or(input);
    let host = s.split('/').next().unwrap_or(s);
    match host {
        "index.docker.io" | "registry-1.docker.io" | "" => DOCKER_HUB.to_owned(),
        h => h.to_owned(),
    }
}

/// The host serving a registry's API (`registry-1.docker.io` for Docker Hub).
pub fn api_host(registry: &str) -> String {
    if registry == DOCKER_HUB {
        DOCKER_HUB_API.to_owned()
    } else {
        registry.to_owned()
    }
}

fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_TAG
        && (b[0].is_ascii_alphanumeric() || b[0] == b'_')
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'-'))
}

/// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`
fn valid_component(c: &str) -> bool {
    let b = c.as_bytes();
    if b.is_empty() || !is_alnum(b[0]) || !is_alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if is_alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !is_alnum(b[i]) {
            i += 1;
        }
        let sep = &b[start..i];
        let ok = sep == b"." || sep == b"_" || sep == b"__" || sep.iter().all(|&c| c == b'-');
        if !ok {
            return false;
        }
    }
    true
}

fn is_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// A host name or IPv4 address, or a bracketed IPv6 address, with an
/// optional numeric port.
fn valid_registry(r: &str) -> bool {
    let (host, port) = if let Some(rest) = r.strip_prefix('[') {
        match rest.split_once(']') {
            Some((v6, after)) => {
                if v6.is_empty()
                    || !v6
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
                {
                    return false;
                }
                match after {
                    "" => return true,
                    p => match p.strip_prefix(':') {
                        Some(p) => ("", Some(p)),
                        None => return false,
                    },
                }
            }
            None => return false,
        }
    } else {
        match r.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (r, None),
        }
    };
    if let Some(p) = port
        && (p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if host.is_empty() {
        return r.starts_with('[');
    }
    host.split('.').all(|l| {
        let b = l.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphanumeric()
            && b[b.len() - 1].is_ascii_alphanumeric()
            && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        Reference::parse(s)
            .map(|r| r.to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    const D: &str = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn docker_normalisation() {
        let cases = [
            ("python", "docker.io/library/python:latest"),
            ("python:3.12-slim", "docker.io/library/python:3.12-slim"),
            ("library/python", "docker.io/library/python:latest"),
            ("docker.io/python", "docker.io/library/python:latest"),
            ("index.docker.io/python", "docker.io/library/python:latest"),
            ("bitnami/redis:7", "docker.io/bitnami/redis:7"),
            ("ghcr.io/org/app", "ghcr.io/org/app:latest"),
            ("localhost/x", "localhost/x:latest"),
            ("localhost:5000/x", "localhost:5000/x:latest"),
            ("localhost:5000/x:1.0", "localhost:5000/x:1.0"),
            ("127.0.0.1:5000/a/b/c:t", "127.0.0.1:5000/a/b/c:t"),
            ("[::1]:5000/x", "[::1]:5000/x:latest"),
            ("Example.com/x", "Example.com/x:latest"),
            ("my_reg/x", "docker.io/my_reg/x:latest"),
            ("a/b__c/d-e--f.g", "docker.io/a/b__c/d-e--f.g:latest"),
        ];
        for (i, o) in cases {
            assert_eq!(norm(i), o, "{i}");
        }
    }

    #[test]
    fn digests() {
        let r = Reference::parse(&format!("ghcr.io/org/app@{D}")).unwrap();
        assert_eq!(r.tag(), None);
        assert_eq!(r.manifest_ref(), D);
        let r = Reference::parse(&format!("python:3@{D}")).unwrap();
        assert_eq!(r.tag(), Some("3"));
        assert_eq!(r.manifest_ref(), D);
        assert_eq!(r.to_string(), format!("docker.io/library/python:3@{D}"));
    }

    #[test]
    fn rejected() {
        for i in [
            "",
            "Python",
            "docker.io/Library/python",
            "python:",
            "python:.x",
            "python@sha256:abc",
            "python@md5:0123",
            "a//b",
            "-a/b",
            "a/b-",
            "a/b___c",
            "localhost:port/x",
            "host:5000:6000/x",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "/x",
        ] {
            assert!(Reference::parse(i).is_err(), "{i} accepted");
        }
    }

    proptest::proptest! {
        #[test]
        fn display_round_trips(s in "[a-zA-Z0-9:/@._-]{0,40}") {
            if let Ok(r) = Reference::parse(&s) {
                proptest::prop_assert_eq!(Reference::parse(&r.to_string()).ok(), Some(r));
            }
        }
    }
}
