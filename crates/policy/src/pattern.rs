//! Image patterns of policy mappings: `registry/repository[:tag]` globs
//! (`registry.example.com/team/*`, `docker.io/library/*:1.*`). The name and
//! the tag are matched separately, so `*` in the name never eats the tag,
//! and a pattern without a tag matches every tag and digest.

use globset::GlobMatcher;

/// A compiled mapping pattern.
#[derive(Debug, Clone)]
pub struct ImagePattern {
    /// As written.
    pub text: String,
    name: GlobMatcher,
    tag: Option<GlobMatcher>,
}

/// Why a pattern was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid image pattern {pattern:?}: {reason}")]
pub struct PatternError {
    pattern: String,
    reason: String,
}

/// Splits `registry/repository:tag`, `…@digest` or `…:tag@digest` into
/// the name and what follows it (the tag when there is one, else the
/// digest).
pub fn split_reference(reference: &str) -> (&str, Option<&str>) {
    // A local transport's own colon (`oci:DIR:TAG`) is not a tag separator.
    let skip = [
        "oci:",
        "oci-archive:",
        "docker-archive:",
        "dir:",
        "registry:",
    ]
    .iter()
    .find(|p| reference.starts_with(*p))
    .map_or(0, |p| p.len());
    let (name, tag) = split_after(reference, skip);
    (name, tag)
}

fn split_after(reference: &str, skip: usize) -> (&str, Option<&str>) {
    let (rest, digest) = match reference.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (reference, None),
    };
    // A tag's colon comes after the last slash; earlier ones are ports.
    let last_slash = rest.rfind('/').map_or(skip, |i| (i + 1).max(skip));
    match rest.get(last_slash..).and_then(|tail| tail.rfind(':')) {
        Some(colon) => {
            let at = last_slash + colon;
            (rest.get(..at).unwrap_or(rest), rest.get(at + 1..))
        }
        None => (rest, digest),
    }
}

impl ImagePattern {
    /// Compiles a pattern (globs bounded as every user glob is).
    pub fn parse(text: &str) -> Result<Self, PatternError> {
        let fail = |reason: String| PatternError {
            pattern: text.to_owned(),
            reason,
        };
        if text.trim().is_empty() {
            return Err(fail("empty".into()));
        }
        let (name, tag) = split_reference(text);
        let name = bosun_match::glob::compile(name).map_err(|e| fail(e.to_string()))?;
        let tag = tag
            .map(bosun_match::glob::compile)
            .transpose()
            .map_err(|e| fail(e.to_string()))?;
        Ok(Self {
            text: text.to_owned(),
            name,
            tag,
        })
    }

    /// Whether `reference` (normalised: `docker.io/library/alpine:3.20`)
    /// matches.
    pub fn matches(&self, reference: &str) -> bool {
        let (name, tag) = split_reference(reference);
        if !self.name.is_match(name) {
            return false;
        }
        match (&self.tag, tag) {
            (None, _) => true,
            (Some(g), Some(t)) => g.is_match(t),
            (Some(_), None) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_tags() {
        let p = ImagePattern::parse("registry.example.com/team/*").unwrap();
        assert!(p.matches("registry.example.com/team/app:1.0"));
        assert!(p.matches("registry.example.com/team/app@sha256:abc"));
        assert!(!p.matches("registry.example.com/other/app:1.0"));
        let p = ImagePattern::parse("docker.io/library/*:3.*").unwrap();
        assert!(p.matches("docker.io/library/alpine:3.20"));
        assert!(!p.matches("docker.io/library/alpine:latest"));
        let p = ImagePattern::parse("localhost:5000/app").unwrap();
        assert!(p.matches("localhost:5000/app:v1"));
        assert_eq!(
            split_reference("localhost:5000/app"),
            ("localhost:5000/app", None)
        );
        assert_eq!(split_reference("a/b:1@sha256:00"), ("a/b", Some("1")));
        assert_eq!(split_reference("a/b@sha256:00"), ("a/b", Some("sha256:00")));
        assert_eq!(
            split_reference("oci:img:latest"),
            ("oci:img", Some("latest"))
        );
        assert_eq!(split_reference("oci:img"), ("oci:img", None));
        let p = ImagePattern::parse("oci:img").unwrap();
        assert!(p.matches("oci:img:latest"));
        assert!(ImagePattern::parse(&format!("{}a", "{a,".repeat(50))).is_err());
    }
}
