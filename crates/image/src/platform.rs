//! Platforms (`os/arch[/variant]`) and how a requested one matches the
//! entries of an image index, with the aliases and default variants that
//! container runtimes apply.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// An OS, architecture and optional variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Platform {
    /// `linux`, `windows`…
    pub os: String,
    /// `amd64`, `arm64`…
    pub architecture: String,
    /// `v7`, `v8`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
}

impl Default for Platform {
    fn default() -> Self {
        Self {
            os: "linux".into(),
            architecture: "amd64".into(),
            variant: None,
        }
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.os, self.architecture)?;
        if let Some(v) = &self.variant {
            write!(f, "/{v}")?;
        }
        Ok(())
    }
}

impl FromStr for Platform {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let parts: Vec<&str> = s.split('/').collect();
        let bad = || Error::Reference {
            reference: s.to_owned(),
            reason: "a platform is OS/ARCH[/VARIANT], e.g. linux/arm64/v8".into(),
        };
        if !(2..=3).contains(&parts.len()) || parts.iter().any(|p| p.is_empty()) {
            return Err(bad());
        }
        Ok(Self {
            os: parts[0].to_ascii_lowercase(),
            architecture: normalize_arch(parts[1]).to_owned(),
            variant: parts.get(2).map(|v| v.to_ascii_lowercase()),
        })
    }
}

fn normalize_arch(a: &str) -> &str {
    match a {
        "x86_64" | "x86-64" => "amd64",
        "aarch64" => "arm64",
        "i386" | "i686" => "386",
        "armhf" | "armel" => "arm",
        other => other,
    }
}

/// The variant a runtime assumes when none is given.
fn default_variant(arch: &str) -> Option<&'static str> {
    match arch {
        "arm64" => Some("v8"),
        "arm" => Some("v7"),
        _ => None,
    }
}

impl Platform {
    /// True for the placeholders that index attestation manifests use.
    pub fn is_unknown(&self) -> bool {
        self.os == "unknown" || self.architecture == "unknown"
    }

    /// How well an index entry's platform matches this request: `None` for
    /// no match, higher is better.
    pub fn match_score(&self, candidate: &Platform) -> Option<u8> {
        if self.os != candidate.os.to_ascii_lowercase()
            || self.architecture != normalize_arch(&candidate.architecture)
        {
            return None;
        }
        let want = self
            .variant
            .as_deref()
            .or(default_variant(&self.architecture));
        let have = candidate
            .variant
            .as_deref()
            .or(default_variant(&self.architecture));
        match (self.variant.as_deref(), want, have) {
            (_, w, h) if w == h => Some(2),
            // No variant asked for: any variant will do, the default first.
            (None, _, _) => Some(1),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Platform {
        s.parse().unwrap()
    }

    #[test]
    fn matching() {
        assert_eq!(p("linux/amd64").match_score(&p("linux/amd64")), Some(2));
        assert_eq!(p("linux/x86_64").match_score(&p("linux/amd64")), Some(2));
        assert_eq!(p("linux/arm64").match_score(&p("linux/arm64/v8")), Some(2));
        assert_eq!(p("linux/arm64/v8").match_score(&p("linux/arm64")), Some(2));
        assert_eq!(p("linux/arm").match_score(&p("linux/arm/v6")), Some(1));
        assert_eq!(p("linux/arm/v6").match_score(&p("linux/arm/v7")), None);
        assert_eq!(p("linux/amd64").match_score(&p("windows/amd64")), None);
        assert!("linux".parse::<Platform>().is_err());
        assert!("linux//v7".parse::<Platform>().is_err());
    }
}
