//! Go module versions, as golang.org/x/mod/semver orders them: SemVer with
//! a `v` prefix, `vMAJOR` and `vMAJOR.MINOR` shorthands, pseudo-versions
//! (ordinary pre-releases) and `+incompatible` (build metadata, ignored).
//!
//! OSV records write Go versions without the `v`, so it is optional here.

use crate::semver2::{self, Rules, SemVer};
use crate::{ParseError, Scheme};

const RULES: Rules = Rules {
    scheme: Scheme::Go,
    v_prefix: true,
    leading_zeros: false,
    shorthand: true,
    max_number: u64::MAX,
};

pub(crate) fn parse(input: &str) -> Result<SemVer, ParseError> {
    semver2::parse_with(&RULES, input, input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    fn cmp(a: &str, b: &str) -> Ordering {
        semver2::compare(&parse(a).unwrap(), &parse(b).unwrap())
    }

    #[test]
    fn go_versions() {
        assert_eq!(cmp("v1", "v1.0.0"), Ordering::Equal);
        assert_eq!(cmp("v1.2", "1.2.0"), Ordering::Equal);
        assert_eq!(cmp("v2.0.0+incompatible", "v2.0.0"), Ordering::Equal);
        assert_eq!(
            cmp("v0.0.0-20191109021931-daa7c04131f5", "v0.0.1"),
            Ordering::Less
        );
        assert_eq!(
            cmp("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3"),
            Ordering::Greater
        );
        assert!(parse("v1.2-pre").is_err());
        assert!(parse("v01.2.3").is_err());
    }
}
