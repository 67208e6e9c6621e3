//! Version comparison under the rules of each package ecosystem.
//!
//! Whether a package is vulnerable comes down to comparing two version
//! strings the way its own package manager does, so every scheme here is
//! written to agree exactly with the reference implementation it names
//! (dpkg, rpm, apk-tools, Python's `packaging`, node's `semver`, Maven's
//! `ComparableVersion` as of Maven 3.8, RubyGems' `Gem::Version`,
//! golang.org/x/mod/semver, NuGet, composer/semver, Elixir's `Version`,
//! `pub_semver`). The crate's differential tests run the real
//! implementations where they can be installed (tests/differential).
//!
//! A version that a scheme cannot parse is a [`ParseError`], never a silent
//! "not affected": callers must decide what an unknown version means.
//! [`Scheme::Generic`] is the explicit fallback for ecosystems without
//! rules of their own; [`Scheme::is_exact`] says its answers are a guess.

use std::cmp::Ordering;
use std::fmt;

mod apk;
mod cargo;
mod comparators;
mod composer;
mod dpkg;
mod generic;
mod golang;
mod hex;
mod maven;
mod npm;
mod nuget;
mod num;
pub mod osv;
mod pep440;
mod pubdev;
mod rpm;
mod rubygems;
mod semver2;

/// A version-ordering scheme: the rules of one family of ecosystems.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Scheme {
    /// Debian and Ubuntu packages (`dpkg --compare-versions`).
    Dpkg,
    /// RPM packages (`rpmvercmp` on epoch, version and release).
    Rpm,
    /// Alpine, Wolfi and Chainguard packages (apk-tools).
    Apk,
    /// Python packages (PEP 440, as Python's `packaging` implements it).
    Pep440,
    /// npm packages (node's `semver`).
    Npm,
    /// Rust crates (SemVer 2.0 with Cargo's requirement syntax).
    Cargo,
    /// Go modules (golang.org/x/mod/semver).
    Go,
    /// Maven artifacts (`ComparableVersion`).
    Maven,
    /// Ruby gems (`Gem::Version`).
    RubyGems,
    /// NuGet packages (`NuGetVersion`).
    NuGet,
    /// Packagist / Composer packages.
    Composer,
    /// Hex packages (Elixir's `Version`).
    Hex,
    /// Dart and Flutter packages (`pub_semver`).
    Pub,
    /// No known rules: a best-effort guess (see [`Scheme::is_exact`]).
    Generic,
}

/// Every scheme, in declaration order.
pub const ALL_SCHEMES: &[Scheme] = &[
    Scheme::Dpkg,
    Scheme::Rpm,
    Scheme::Apk,
    Scheme::Pep440,
    Scheme::Npm,
    Scheme::Cargo,
    Scheme::Go,
    Scheme::Maven,
    Scheme::RubyGems,
    Scheme::NuGet,
    Scheme::Composer,
    Scheme::Hex,
    Scheme::Pub,
    Scheme::Generic,
];

/// OSV ecosystem names (the part before any `:`) and the scheme each uses.
/// Matching ignores ASCII case, so `debian` typed by hand still works.
const ECOSYSTEMS: &[(&str, Scheme)] = &[
    ("Debian", Scheme::Dpkg),
    ("Ubuntu", Scheme::Dpkg),
    ("Alpine", Scheme::Apk),
    ("Alpaquita", Scheme::Apk),
    ("BellSoft Hardened Containers", Scheme::Apk),
    ("Chainguard", Scheme::Apk),
    ("MinimOS", Scheme::Apk),
    ("Wolfi", Scheme::Apk),
    ("AlmaLinux", Scheme::Rpm),
    ("Azure Linux", Scheme::Rpm),
    ("CBL-Mariner", Scheme::Rpm),
    ("Mageia", Scheme::Rpm),
    ("openEuler", Scheme::Rpm),
    ("openSUSE", Scheme::Rpm),
    ("Oracle Linux", Scheme::Rpm),
    ("Photon OS", Scheme::Rpm),
    ("Red Hat", Scheme::Rpm),
    ("Rocky Linux", Scheme::Rpm),
    ("SUSE", Scheme::Rpm),
    ("PyPI", Scheme::Pep440),
    ("npm", Scheme::Npm),
    ("crates.io", Scheme::Cargo),
    ("Go", Scheme::Go),
    ("Maven", Scheme::Maven),
    ("RubyGems", Scheme::RubyGems),
    ("NuGet", Scheme::NuGet),
    ("Packagist", Scheme::Composer),
    ("Hex", Scheme::Hex),
    ("Pub", Scheme::Pub),
];

impl Scheme {
    /// OSV ecosystem name → scheme. The `:suffix` release part is ignored
    /// (`Debian:12` → [`Scheme::Dpkg`], `Alpine:v3.20` → [`Scheme::Apk`]);
    /// anything unknown → [`Scheme::Generic`].
    pub fn for_ecosystem(ecosystem: &str) -> Scheme {
        let base = ecosystem.split(':').next().unwrap_or("").trim();
        ECOSYSTEMS
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(base))
            .map_or(Scheme::Generic, |&(_, scheme)| scheme)
    }

    /// A short, stable, lower-case name (`dpkg`, `pep440`, `npm`, …).
    pub fn name(self) -> &'static str {
        match self {
            Scheme::Dpkg => "dpkg",
            Scheme::Rpm => "rpm",
            Scheme::Apk => "apk",
            Scheme::Pep440 => "pep440",
            Scheme::Npm => "npm",
            Scheme::Cargo => "cargo",
            Scheme::Go => "go",
            Scheme::Maven => "maven",
            Scheme::RubyGems => "rubygems",
            Scheme::NuGet => "nuget",
            Scheme::Composer => "composer",
            Scheme::Hex => "hex",
            Scheme::Pub => "pub",
            Scheme::Generic => "generic",
        }
    }

    /// The scheme with this [`Scheme::name`].
    pub fn from_name(name: &str) -> Option<Scheme> {
        ALL_SCHEMES.iter().copied().find(|s| s.name() == name)
    }

    /// False only for [`Scheme::Generic`]: its results are a guess.
    pub fn is_exact(self) -> bool {
        self != Scheme::Generic
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A version string that its scheme could not parse (or a requirement or
/// range that could not be parsed).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {scheme} version {input:?}: {reason}")]
pub struct ParseError {
    /// The scheme whose rules rejected the input.
    pub scheme: Scheme,
    /// The text as given.
    pub input: String,
    /// Why it was rejected.
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(scheme: Scheme, input: &str, reason: impl Into<String>) -> ParseError {
        ParseError {
            scheme,
            input: input.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The parsed form of each scheme. Comparing two of them never allocates.
#[derive(Clone, Debug)]
enum Parsed {
    Dpkg(dpkg::DpkgVersion),
    Rpm(rpm::RpmVersion),
    Apk(apk::ApkVersion),
    Pep440(pep440::Pep440Version),
    SemVer(semver2::SemVer),
    Maven(maven::MavenVersion),
    RubyGems(rubygems::GemVersion),
    NuGet(nuget::NuGetVersion),
    Composer(composer::ComposerVersion),
    Generic(generic::GenericVersion),
}

/// A version parsed under one scheme, keeping its original text.
#[derive(Clone, Debug)]
pub struct Version {
    scheme: Scheme,
    text: Box<str>,
    parsed: Parsed,
}

impl Version {
    /// Parses `text` under `scheme`'s rules.
    pub fn parse(scheme: Scheme, text: &str) -> Result<Version, ParseError> {
        let parsed = match scheme {
            Scheme::Dpkg => Parsed::Dpkg(dpkg::parse(text)?),
            Scheme::Rpm => Parsed::Rpm(rpm::parse(text)?),
            Scheme::Apk => Parsed::Apk(apk::parse(text)?),
            Scheme::Pep440 => Parsed::Pep440(pep440::parse(text)?),
            Scheme::Npm => Parsed::SemVer(npm::parse(text)?),
            Scheme::Cargo => Parsed::SemVer(cargo::parse(text)?),
            Scheme::Go => Parsed::SemVer(golang::parse(text)?),
            Scheme::Hex => Parsed::SemVer(hex::parse(text)?),
            Scheme::Pub => Parsed::SemVer(pubdev::parse(text)?),
            Scheme::Maven => Parsed::Maven(maven::parse(text)?),
            Scheme::RubyGems => Parsed::RubyGems(rubygems::parse(text)?),
            Scheme::NuGet => Parsed::NuGet(nuget::parse(text)?),
            Scheme::Composer => Parsed::Composer(composer::parse(text)?),
            Scheme::Generic => Parsed::Generic(generic::parse(text)?),
        };
        Ok(Version {
            scheme,
            text: text.into(),
            parsed,
        })
    }

    /// The scheme this version was parsed under.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The text as given to [`Version::parse`].
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// True for pre-releases where the scheme has the notion (PEP 440,
    /// SemVer schemes, RubyGems, NuGet, Composer, Maven qualifiers below
    /// release); false otherwise.
    pub fn is_prerelease(&self) -> bool {
        match &self.parsed {
            Parsed::Pep440(v) => v.is_prerelease(),
            Parsed::SemVer(v) => !v.pre.is_empty(),
            Parsed::RubyGems(v) => v.is_prerelease(),
            Parsed::NuGet(v) => !v.labels.is_empty(),
            Parsed::Composer(v) => v.is_prerelease(),
            Parsed::Maven(v) => v.is_prerelease(),
            _ => false,
        }
    }

    /// Orders two versions of the same scheme; `None` when schemes differ.
    pub fn cmp_same_scheme(&self, other: &Version) -> Option<Ordering> {
        if self.scheme != other.scheme {
            return None;
        }
        Some(match (&self.parsed, &other.parsed) {
            (Parsed::Dpkg(a), Parsed::Dpkg(b)) => dpkg::compare(a, b),
            (Parsed::Rpm(a), Parsed::Rpm(b)) => rpm::compare(a, b),
            (Parsed::Apk(a), Parsed::Apk(b)) => apk::compare(a, b),
            (Parsed::Pep440(a), Parsed::Pep440(b)) => a.cmp(b),
            (Parsed::SemVer(a), Parsed::SemVer(b)) => match self.scheme {
                Scheme::Pub => pubdev::compare(a, b),
                _ => semver2::compare(a, b),
            },
            (Parsed::Maven(a), Parsed::Maven(b)) => maven::compare(a, b),
            (Parsed::RubyGems(a), Parsed::RubyGems(b)) => rubygems::compare(a, b),
            (Parsed::NuGet(a), Parsed::NuGet(b)) => nuget::compare(a, b),
            (Parsed::Composer(a), Parsed::Composer(b)) => composer::compare(a, b),
            (Parsed::Generic(a), Parsed::Generic(b)) => generic::compare(a, b),
            // Same scheme always means the same parsed variant.
            _ => return None,
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq for Version {
    /// Equal when the scheme's order says so (`1.0` and `1.0.0` under
    /// PEP 440), not when the texts are equal.
    fn eq(&self, other: &Version) -> bool {
        self.cmp_same_scheme(other) == Some(Ordering::Equal)
    }
}

impl PartialOrd for Version {
    /// `None` when the schemes differ.
    fn partial_cmp(&self, other: &Version) -> Option<Ordering> {
        self.cmp_same_scheme(other)
    }
}

/// Compares two version strings under `scheme`.
pub fn compare(scheme: Scheme, a: &str, b: &str) -> Result<Ordering, ParseError> {
    let a = Version::parse(scheme, a)?;
    let b = Version::parse(scheme, b)?;
    // Both parsed under `scheme`, so the comparison is defined.
    Ok(a.cmp_same_scheme(&b).unwrap_or(Ordering::Equal))
}

/// Whether `version` satisfies `requirement` in the ecosystem's own range
/// syntax: npm ranges (node-semver), PEP 440 specifier sets (`packaging`),
/// Cargo requirements (the `semver` crate), Composer constraints
/// (composer/semver), RubyGems requirements (`Gem::Requirement`, clauses
/// separated by commas), Maven ranges (`VersionRange`: `[1.0,2.0)`,
/// `(,1.5]`, unions), NuGet ranges (same brackets; a bare version is a
/// minimum), Hex requirements (`~> 2.0 and < 2.5`) and Pub constraints
/// (`^1.2.3`, `>=1.0.0 <2.0.0`). Other schemes accept comma- or
/// space-separated comparators (`>=1.0, <2.0`, Debian's `<<`/`>>`) and
/// `||` between alternatives.
///
/// Pre-release policy follows each ecosystem's own default (npm and Cargo
/// exclude pre-releases unless the requirement names one on the same
/// version; PEP 440 follows `packaging` ≥ 26, which includes them; Hex
/// allows them, as `Version.match?/2` does). One deliberate difference: a
/// bare Maven version means exactly that version, where Maven reads it as
/// a soft preference that every version satisfies.
pub fn satisfies(scheme: Scheme, version: &str, requirement: &str) -> Result<bool, ParseError> {
    match scheme {
        Scheme::Npm => npm::satisfies(version, requirement),
        Scheme::Pep440 => pep440::satisfies(version, requirement),
        Scheme::Cargo => cargo::satisfies(version, requirement),
        Scheme::Composer => composer::satisfies(version, requirement),
        Scheme::RubyGems => rubygems::satisfies(version, requirement),
        Scheme::Maven => maven::satisfies(version, requirement),
        Scheme::Hex => hex::satisfies(version, requirement),
        Scheme::Pub => pubdev::satisfies(version, requirement),
        _ => comparators::satisfies(scheme, version, requirement),
    }
}

/// Sorts `items` by `cmp`, which may be an ecosystem's version order.
///
/// The standard library's sorts may panic when the order is not total, and
/// some are not: Maven's ComparableVersion, which bosun reproduces, is not
/// transitive for some qualifier mixes, and advisory feeds are input. This
/// merge sort only ever asks `cmp` which of two items goes first, so any
/// answer yields some order and never a panic; for a total order it is the
/// ordinary stable sort, in O(n log n).
pub fn sort_by_order<T: Clone>(items: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut buf: Vec<T> = items.to_vec();
    let mut width = 1;
    let n = items.len();
    // Bottom-up: merge runs of `width` from `items` into `buf`, then swap.
    let mut from_items = true;
    while width < n {
        {
            let (src, dst): (&[T], &mut [T]) = if from_items {
                (&*items, &mut buf[..])
            } else {
                (&buf[..], &mut *items)
            };
            merge_pass(src, dst, width, &cmp);
        }
        from_items = !from_items;
        width = width.saturating_mul(2);
    }
    if !from_items {
        items.clone_from_slice(&buf);
    }
}

fn merge_pass<T: Clone>(src: &[T], dst: &mut [T], width: usize, cmp: &impl Fn(&T, &T) -> Ordering) {
    let n = src.len();
    let mut start = 0;
    while start < n {
        let mid = start.saturating_add(width).min(n);
        let end = mid.saturating_add(width).min(n);
        let (mut i, mut j, mut k) = (start, mid, start);
        while k < end {
            let take_left = match (src.get(i), src.get(j)) {
                (Some(a), Some(b)) if i < mid && j < end => cmp(b, a) != Ordering::Less,
                _ => i < mid,
            };
            let from = if take_left { i } else { j };
            if let (Some(slot), Some(v)) = (dst.get_mut(k), src.get(from)) {
                slot.clone_from(v);
            }
            if take_left {
                i += 1;
            } else {
                j += 1;
            }
            k += 1;
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_by_order_sorts_and_survives_a_broken_order() {
        let mut v = vec![5, 3, 9, 1, 1, 7, 2, 8, 0, 6, 4];
        sort_by_order(&mut v, |a, b| a.cmp(b));
        assert_eq!(v, [0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        // Stable: equal keys keep their order.
        let mut p = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by_order(&mut p, |a, b| a.0.cmp(&b.0));
        assert_eq!(p, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
        // An order that is not one (rock, paper, scissors) still ends.
        let mut r: Vec<u8> = (0..200).map(|i| i % 3).collect();
        sort_by_order(&mut r, |a, b| match (a, b) {
            (0, 1) | (1, 2) | (2, 0) => Ordering::Less,
            (x, y) if x == y => Ordering::Equal,
            _ => Ordering::Greater,
        });
        assert_eq!(r.len(), 200);
    }

    #[test]
    fn ecosystems_map_to_schemes() {
        let cases = [
            ("Debian:12", Scheme::Dpkg),
            ("Ubuntu:22.04:LTS", Scheme::Dpkg),
            ("Ubuntu:Pro:18.04:LTS", Scheme::Dpkg),
            ("Alpine:v3.20", Scheme::Apk),
            ("Wolfi", Scheme::Apk),
            ("Chainguard", Scheme::Apk),
            ("Red Hat", Scheme::Rpm),
            ("Red Hat:rhel_aus:8.4::appstream", Scheme::Rpm),
            ("Rocky Linux:9", Scheme::Rpm),
            ("AlmaLinux", Scheme::Rpm),
            ("SUSE:Linux Enterprise Server 15 SP5", Scheme::Rpm),
            ("openSUSE:Tumbleweed", Scheme::Rpm),
            ("Mageia:9", Scheme::Rpm),
            ("openEuler:22.03-LTS", Scheme::Rpm),
            ("PyPI", Scheme::Pep440),
            ("npm", Scheme::Npm),
            ("crates.io", Scheme::Cargo),
            ("Go", Scheme::Go),
            ("Maven", Scheme::Maven),
            ("Maven:https://maven.google.com", Scheme::Maven),
            ("RubyGems", Scheme::RubyGems),
            ("NuGet", Scheme::NuGet),
            ("Packagist", Scheme::Composer),
            ("Packagist:https://packages.drupal.org/8", Scheme::Composer),
            ("Hex", Scheme::Hex),
            ("Pub", Scheme::Pub),
            ("GHC", Scheme::Generic),
            ("debian", Scheme::Dpkg),
            ("PYPI", Scheme::Pep440),
            ("", Scheme::Generic),
        ];
        for (eco, want) in cases {
            assert_eq!(Scheme::for_ecosystem(eco), want, "{eco}");
        }
        assert!(!Scheme::Generic.is_exact());
        assert!(ALL_SCHEMES.iter().filter(|s| !s.is_exact()).count() == 1);
    }

    #[test]
    fn names_round_trip() {
        for &s in ALL_SCHEMES {
            assert_eq!(Scheme::from_name(s.name()), Some(s));
        }
    }

    #[test]
    fn parse_error_names_all_three() {
        let err = Version::parse(Scheme::Npm, "not a version").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("npm"), "{text}");
        assert!(text.contains("not a version"), "{text}");
        assert!(!err.reason.is_empty());
    }

    #[test]
    fn versions_of_different_schemes_do_not_compare() {
        let a = Version::parse(Scheme::Dpkg, "1.0").unwrap();
        let b = Version::parse(Scheme::Generic, "1.0").unwrap();
        assert_eq!(a.partial_cmp(&b), None);
        assert_ne!(a, b);
    }
}
