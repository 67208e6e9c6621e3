//! Rust crate versions and Cargo requirements.
//!
//! Parsing and requirement matching use the `semver` crate, which is
//! Cargo's own implementation, so `^1.2`, `~1.2.3`, `1.*`, `>=1, <2` and
//! Cargo's pre-release rule behave exactly as in `cargo update`. Ordering
//! is SemVer precedence (build metadata ignored).

use crate::semver2::{Ident, SemVer};
use crate::{ParseError, Scheme};

fn idents(text: &str) -> Box<[Ident]> {
    if text.is_empty() {
        return Box::new([]);
    }
    text.split('.')
        .map(|id| {
            if id.bytes().all(|c| c.is_ascii_digit()) {
                Ident::Num(crate::num::strip_zeros(id.as_bytes()).into())
            } else {
                Ident::Alpha(id.into())
            }
        })
        .collect()
}

fn parse_semver(input: &str) -> Result<semver::Version, ParseError> {
    semver::Version::parse(input).map_err(|e| ParseError::new(Scheme::Cargo, input, e.to_string()))
}

pub(crate) fn parse(input: &str) -> Result<SemVer, ParseError> {
    let v = parse_semver(input)?;
    Ok(SemVer {
        major: v.major,
        minor: v.minor,
        patch: v.patch,
        pre: idents(v.pre.as_str()),
        build: idents(v.build.as_str()),
    })
}

pub(crate) fn satisfies(version: &str, requirement: &str) -> Result<bool, ParseError> {
    let req = semver::VersionReq::parse(requirement)
        .map_err(|e| ParseError::new(Scheme::Cargo, requirement, e.to_string()))?;
    Ok(req.matches(&parse_semver(version)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_requirements() {
        assert!(satisfies("1.2.5", "^1.2").unwrap());
        assert!(satisfies("1.2.5", "1.2").unwrap());
        assert!(!satisfies("2.0.0", "1.2").unwrap());
        assert!(!satisfies("1.3.0-alpha", ">=1.2").unwrap());
        assert!(satisfies("1.3.0-alpha.2", ">=1.3.0-alpha.1").unwrap());
        assert!(satisfies("1.0.0", "not a req").is_err());
        assert!(parse("v1.0.0").is_err());
    }
}
