//! Property tests: on generated versions every scheme's order is total,
//! reflexive, antisymmetric and transitive, and parsing never panics.

#![allow(clippy::expect_used)] // test helpers

use std::cmp::Ordering;

use bosun_version::{ALL_SCHEMES, Scheme, Version};
use proptest::prelude::*;

/// Version-shaped strings in the alphabet each scheme cares about.
fn pattern(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::Dpkg => {
            "([0-9]:)?[0-9]{1,3}([.~+][0-9a-z]{1,3}){0,3}(~[a-z0-9]{1,3})?(-[0-9a-z.+~]{1,4})?"
        }
        Scheme::Rpm => "([0-9]:)?[0-9a-z]{1,3}([._~^+][0-9a-z]{0,3}){0,3}(-[0-9a-z._~^]{1,5})?",
        Scheme::Apk => {
            "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}[a-z]?(_(alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]{0,2}){0,2}(~[0-9a-f]{1,4})?(-r[0-9]{1,2})?"
        }
        Scheme::Pep440 => {
            "([0-9]!)?[0-9]{1,3}(\\.[0-9]{1,3}){0,3}((a|b|rc)[0-9]{0,2})?(\\.post[0-9]{0,2})?(\\.dev[0-9]{0,2})?(\\+[a-z0-9]{1,3}(\\.[a-z0-9]{1,3}){0,2})?"
        }
        Scheme::Npm | Scheme::Cargo | Scheme::Hex | Scheme::Pub | Scheme::Go => {
            "v?[0-9]{1,2}\\.[0-9]{1,2}\\.[0-9]{1,2}(-[0-9a-z]{1,3}(\\.[0-9a-z]{1,3}){0,2})?(\\+[0-9a-z]{1,3})?"
        }
        Scheme::Maven => "[0-9a-z]{1,3}([.-][0-9a-z]{0,6}){0,4}",
        Scheme::RubyGems => "[0-9]{1,3}(\\.[0-9a-z]{1,3}){0,4}(-[0-9a-z]{1,3})?",
        Scheme::NuGet => {
            "[0-9]{1,3}(\\.[0-9]{1,3}){0,3}(-[0-9a-zA-Z]{1,3}(\\.[0-9a-zA-Z]{1,3}){0,2})?(\\+[a-z0-9]{1,3})?"
        }
        Scheme::Composer => {
            "v?[0-9]{1,3}(\\.[0-9]{1,3}){0,3}([-.]?(alpha|beta|RC|a|b|p|pl|patch|dev)[0-9]{0,2})?(-dev)?"
        }
        _ => "[0-9a-z]{1,3}([._-][0-9a-z]{1,3}){0,4}",
    }
}

fn parsed(scheme: Scheme, texts: &[String]) -> Vec<Version> {
    texts
        .iter()
        .filter_map(|t| Version::parse(scheme, t).ok())
        .collect()
}

fn cmp(a: &Version, b: &Version) -> Ordering {
    a.partial_cmp(b).expect("same scheme")
}

fn check_total(scheme: Scheme, texts: &[String]) -> Result<(), TestCaseError> {
    let vs = parsed(scheme, texts);
    for a in &vs {
        prop_assert_eq!(cmp(a, a), Ordering::Equal, "{} not equal to itself", a);
        for b in &vs {
            let ab = cmp(a, b);
            prop_assert_eq!(
                ab,
                cmp(b, a).reverse(),
                "{}: {} vs {} not antisymmetric",
                scheme,
                a,
                b
            );
            // Maven's own ComparableVersion is not transitive (see
            // `maven_is_intransitive_as_maven_is`); bosun reproduces it and
            // sorts with `sort_by_order`, which survives a broken order.
            if scheme == Scheme::Maven {
                continue;
            }
            for c in &vs {
                if ab != Ordering::Greater && cmp(b, c) != Ordering::Greater {
                    prop_assert_ne!(
                        cmp(a, c),
                        Ordering::Greater,
                        "{}: {} <= {} <= {} but {} > {}",
                        scheme,
                        a,
                        b,
                        c,
                        a,
                        c
                    );
                }
            }
        }
    }
    Ok(())
}

macro_rules! total_order {
    ($($name:ident => $scheme:expr,)*) => {
        proptest! {
            #![proptest_config(ProptestConfig::with_cases(200))]
            $(
                #[test]
                fn $name(texts in prop::collection::vec(pattern($scheme), 10)) {
                    check_total($scheme, &texts)?;
                }
            )*
        }
    };
}

total_order! {
    dpkg_order_is_total => Scheme::Dpkg,
    rpm_order_is_total => Scheme::Rpm,
    apk_order_is_total => Scheme::Apk,
    pep440_order_is_total => Scheme::Pep440,
    npm_order_is_total => Scheme::Npm,
    cargo_order_is_total => Scheme::Cargo,
    go_order_is_total => Scheme::Go,
    maven_order_is_total => Scheme::Maven,
    rubygems_order_is_total => Scheme::RubyGems,
    nuget_order_is_total => Scheme::NuGet,
    composer_order_is_total => Scheme::Composer,
    hex_order_is_total => Scheme::Hex,
    pub_order_is_total => Scheme::Pub,
    generic_order_is_total => Scheme::Generic,
}

proptest! {
    #[test]
    fn parsing_never_panics(scheme_index in 0..ALL_SCHEMES.len(), text in "\\PC{0,24}") {
        let _ = Version::parse(ALL_SCHEMES[scheme_index], &text);
        let _ = bosun_version::satisfies(ALL_SCHEMES[scheme_index], "1.0", &text);
        let _ = bosun_version::satisfies(ALL_SCHEMES[scheme_index], &text, ">=1.0");
    }

    #[test]
    fn sorting_agrees_with_pairwise_order(
        scheme_index in 0..ALL_SCHEMES.len(),
        texts in prop::collection::vec("[0-9]{1,2}(\\.[0-9]{1,2}){2}", 2..20),
    ) {
        let scheme = ALL_SCHEMES[scheme_index];
        let mut vs = parsed(scheme, &texts);
        vs.sort_by(cmp);
        for w in vs.windows(2) {
            prop_assert_ne!(cmp(&w[0], &w[1]), Ordering::Greater);
        }
    }
}

/// Maven's `ComparableVersion` (maven-artifact 3.x, as Debian ships it)
/// orders `0 < a`, `a < 0a0` and `0a0 < 0`: `0` is the empty release,
/// `a` an unknown qualifier (after every known one), `0a0` the list
/// `[alpha]`, and a list compares below a string but a string above the
/// release. The random total-order property found this; the jar agrees:
/// `java -cp /usr/share/maven/lib/maven-artifact-3.x.jar
/// org.apache.maven.artifact.versioning.ComparableVersion 0 a 0a0 0`.
#[test]
fn maven_is_intransitive_as_maven_is() {
    use bosun_version::compare;
    let c = |a, b| compare(Scheme::Maven, a, b).unwrap();
    assert_eq!(c("0", "a"), Ordering::Less);
    assert_eq!(c("a", "0a0"), Ordering::Less);
    assert_eq!(c("0a0", "0"), Ordering::Less);
}
