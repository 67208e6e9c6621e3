//! Ecosystem names and package-name normalisation.
//!
//! OSV ecosystems may carry a release suffix (`Debian:12`, `Alpine:v3.20`,
//! `Ubuntu:22.04:LTS`, `Red Hat:rhel_e4s:9.2::appstream`); the base is the
//! part before the first colon. Names are normalised so that the spelling a
//! package database uses finds the spelling an advisory uses; the matcher
//! calls the same function on installed packages.

use std::borrow::Cow;

/// Ecosystems OSV publishes exports for, used by `db update` when the
/// mirror does not serve `ecosystems.txt`.
pub const KNOWN_ECOSYSTEMS: &[&str] = &[
    "AlmaLinux",
    "Alpine",
    "Android",
    "Bitnami",
    "Chainguard",
    "CRAN",
    "crates.io",
    "Debian",
    "GHC",
    "GitHub Actions",
    "Go",
    "Hackage",
    "Hex",
    "Linux",
    "Mageia",
    "Maven",
    "npm",
    "NuGet",
    "openEuler",
    "openSUSE",
    "OSS-Fuzz",
    "Packagist",
    "Photon OS",
    "Pub",
    "PyPI",
    "Red Hat",
    "Rocky Linux",
    "RubyGems",
    "SUSE",
    "SwiftURL",
    "Ubuntu",
    "Wolfi",
];

/// A language ecosystem: its PURL type and its OSV ecosystem name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ecosystem {
    /// The PURL type (`pypi`).
    pub kind: &'static str,
    /// The OSV ecosystem (`PyPI`).
    pub osv: &'static str,
}

/// Python packages.
pub const PYPI: Ecosystem = Ecosystem {
    kind: "pypi",
    osv: "PyPI",
};
/// JavaScript packages.
pub const NPM: Ecosystem = Ecosystem {
    kind: "npm",
    osv: "npm",
};
/// Go modules.
pub const GO: Ecosystem = Ecosystem {
    kind: "golang",
    osv: "Go",
};
/// Java (Maven) artifacts.
pub const MAVEN: Ecosystem = Ecosystem {
    kind: "maven",
    osv: "Maven",
};
/// Ruby gems.
pub const GEM: Ecosystem = Ecosystem {
    kind: "gem",
    osv: "RubyGems",
};
/// Rust crates.
pub const CARGO: Ecosystem = Ecosystem {
    kind: "cargo",
    osv: "crates.io",
};
/// .NET NuGet packages.
pub const NUGET: Ecosystem = Ecosystem {
    kind: "nuget",
    osv: "NuGet",
};
/// PHP Composer packages.
pub const COMPOSER: Ecosystem = Ecosystem {
    kind: "composer",
    osv: "Packagist",
};

/// Every language ecosystem bosun knows by PURL type: the one table from
/// PURL type to OSV ecosystem (distributions are [`crate::distro::osv_ecosystem`]).
pub const LANGUAGES: &[Ecosystem] = &[
    PYPI,
    NPM,
    GO,
    MAVEN,
    GEM,
    CARGO,
    NUGET,
    COMPOSER,
    Ecosystem {
        kind: "hex",
        osv: "Hex",
    },
    Ecosystem {
        kind: "pub",
        osv: "Pub",
    },
    Ecosystem {
        kind: "swift",
        osv: "SwiftURL",
    },
    Ecosystem {
        kind: "cran",
        osv: "CRAN",
    },
    Ecosystem {
        kind: "hackage",
        osv: "Hackage",
    },
];

/// The language ecosystem of a PURL type (lowercase), if bosun knows it.
pub fn by_purl_type(kind: &str) -> Option<Ecosystem> {
    LANGUAGES.iter().copied().find(|e| e.kind == kind)
}

/// The ecosystem without its release: `Debian:12` → `Debian`.
pub fn base_ecosystem(ecosystem: &str) -> &str {
    ecosystem
        .split_once(':')
        .map_or(ecosystem, |(b, _)| b)
        .trim()
}

/// The form of `name` under which the store indexes packages of
/// `ecosystem` (full or base form).
///
/// - PyPI: PEP 503 (lowercase; runs of `-`, `_`, `.` become one `-`).
/// - crates.io: lowercase, `_` → `-` (crates.io refuses names that differ
///   only so).
/// - NuGet, Packagist: lowercase (both registries are case-insensitive).
/// - everything else (npm, Go, Maven `group:artifact`, RubyGems, Hex, Pub,
///   distribution source packages): as given, trimmed.
pub fn normalize_name<'a>(ecosystem: &str, name: &'a str) -> Cow<'a, str> {
    let name = name.trim();
    match base_ecosystem(ecosystem) {
        "PyPI" => Cow::Owned(pep503(name)),
        "crates.io" => {
            if name.bytes().any(|b| b.is_ascii_uppercase() || b == b'_') {
                Cow::Owned(name.to_ascii_lowercase().replace('_', "-"))
            } else {
                Cow::Borrowed(name)
            }
        }
        "NuGet" | "Packagist" => {
            if name.bytes().any(|b| b.is_ascii_uppercase()) {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name)
            }
        }
        _ => Cow::Borrowed(name),
    }
}

/// A Python project name normalised per PEP 503 (`re.sub(r"[-_.]+", "-",
/// name).lower()`), surrounding whitespace trimmed. The catalogers (for
/// PURLs) and the advisory store (for its index) both use this one.
pub fn pep503(name: &str) -> String {
    let name = name.trim();
    let mut out = String::with_capacity(name.len());
    let mut in_sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_sep {
                out.push('-');
            }
            in_sep = true;
        } else {
            out.extend(c.to_lowercase());
            in_sep = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases() {
        assert_eq!(base_ecosystem("Debian:12"), "Debian");
        assert_eq!(base_ecosystem("Ubuntu:22.04:LTS"), "Ubuntu");
        assert_eq!(base_ecosystem("Red Hat:rhel_e4s:9.2::appstream"), "Red Hat");
        assert_eq!(base_ecosystem("PyPI"), "PyPI");
    }

    #[test]
    fn pep503_normalises() {
        assert_eq!(pep503("Friendly-Bard"), "friendly-bard");
        assert_eq!(pep503("friendly.._bard"), "friendly-bard");
        assert_eq!(pep503("FRIENDLY_BARD"), "friendly-bard");
        assert_eq!(pep503("zope.interface"), "zope-interface");
    }

    #[test]
    fn names() {
        assert_eq!(
            normalize_name("PyPI", "Django_REST.framework"),
            "django-rest-framework"
        );
        assert_eq!(normalize_name("PyPI", "a--_.b"), "a-b");
        assert_eq!(normalize_name("crates.io", "Serde_JSON"), "serde-json");
        assert_eq!(
            normalize_name("NuGet", "Newtonsoft.Json"),
            "newtonsoft.json"
        );
        assert_eq!(normalize_name("npm", "@Scope/Pkg"), "@Scope/Pkg");
        assert_eq!(
            normalize_name("Maven", "org.apache:commons"),
            "org.apache:commons"
        );
        assert_eq!(normalize_name("Debian:12", " openssl "), "openssl");
    }

    proptest::proptest! {
        #[test]
        fn normalisation_is_idempotent(eco in "(PyPI|crates.io|NuGet|npm|Debian:12)", name in "\\PC{0,20}") {
            let once = normalize_name(&eco, &name).into_owned();
            proptest::prop_assert_eq!(normalize_name(&eco, &once), once.as_str());
        }
    }
}
