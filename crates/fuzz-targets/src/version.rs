//! Targets of bosun-version: each scheme's parser, order and requirement
//! syntax, and OSV range evaluation.

use std::cmp::Ordering;

use bosun_version::osv::{EventKind, Range};
use bosun_version::{ALL_SCHEMES, Scheme, Version, satisfies};

/// Two texts split at the first newline, parsed under `scheme`: the order is
/// antisymmetric and reflexive, and the pair as (version, requirement)
/// never panics.
fn scheme_pair(scheme: Scheme, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (a, b) = text.split_once('\n').unwrap_or((text, ""));
    if let (Ok(x), Ok(y)) = (Version::parse(scheme, a), Version::parse(scheme, b)) {
        let xy = x.partial_cmp(&y).expect("same scheme");
        let yx = y.partial_cmp(&x).expect("same scheme");
        assert_eq!(xy, yx.reverse(), "{a:?} vs {b:?}");
        assert_eq!(x.partial_cmp(&x), Some(Ordering::Equal));
    }
    let _ = satisfies(scheme, a, b);
}

/// The apk scheme: see [`scheme_pair`].
pub fn version_apk(data: &[u8]) {
    scheme_pair(Scheme::Apk, data);
}

/// The cargo scheme: see [`scheme_pair`].
pub fn version_cargo(data: &[u8]) {
    scheme_pair(Scheme::Cargo, data);
}

/// The composer scheme: see [`scheme_pair`].
pub fn version_composer(data: &[u8]) {
    scheme_pair(Scheme::Composer, data);
}

/// The dpkg scheme: see [`scheme_pair`].
pub fn version_dpkg(data: &[u8]) {
    scheme_pair(Scheme::Dpkg, data);
}

/// The generic scheme: see [`scheme_pair`].
pub fn version_generic(data: &[u8]) {
    scheme_pair(Scheme::Generic, data);
}

/// The go scheme: see [`scheme_pair`].
pub fn version_go(data: &[u8]) {
    scheme_pair(Scheme::Go, data);
}

/// The hex scheme: see [`scheme_pair`].
pub fn version_hex(data: &[u8]) {
    scheme_pair(Scheme::Hex, data);
}

/// The maven scheme: see [`scheme_pair`].
pub fn version_maven(data: &[u8]) {
    scheme_pair(Scheme::Maven, data);
}

/// The npm scheme: see [`scheme_pair`].
pub fn version_npm(data: &[u8]) {
    scheme_pair(Scheme::Npm, data);
}

/// The nuget scheme: see [`scheme_pair`].
pub fn version_nuget(data: &[u8]) {
    scheme_pair(Scheme::NuGet, data);
}

/// The pep440 scheme: see [`scheme_pair`].
pub fn version_pep440(data: &[u8]) {
    scheme_pair(Scheme::Pep440, data);
}

/// The pub scheme: see [`scheme_pair`].
pub fn version_pub(data: &[u8]) {
    scheme_pair(Scheme::Pub, data);
}

/// The rpm scheme: see [`scheme_pair`].
pub fn version_rpm(data: &[u8]) {
    scheme_pair(Scheme::Rpm, data);
}

/// The rubygems scheme: see [`scheme_pair`].
pub fn version_rubygems(data: &[u8]) {
    scheme_pair(Scheme::RubyGems, data);
}

/// OSV range parsing and evaluation: lines are `kind version` events
/// (i introduced, f fixed, l last_affected, other limit); the last line is
/// the version to test, under the scheme picked by the first byte.
pub fn version_osv(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let Some(&scheme) = ALL_SCHEMES.get(usize::from(first) % ALL_SCHEMES.len()) else {
        return;
    };
    let mut lines: Vec<&str> = text.lines().collect();
    let Some(version) = lines.pop() else {
        return;
    };
    let events: Vec<(EventKind, &str)> = lines
        .iter()
        .filter_map(|l| {
            let (kind, v) = l.split_at_checked(1)?;
            let kind = match kind {
                "i" => EventKind::Introduced,
                "f" => EventKind::Fixed,
                "l" => EventKind::LastAffected,
                _ => EventKind::Limit,
            };
            Some((kind, v.trim()))
        })
        .collect();
    if let (Ok(range), Ok(v)) = (
        Range::parse(scheme, &events),
        Version::parse(scheme, version),
    ) {
        let _ = range.contains(&v);
        let _ = range.fixed().count();
    }
}
