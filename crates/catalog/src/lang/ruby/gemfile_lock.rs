//! `Gemfile.lock`: the `specs:` of every source section (GEM, GIT, PATH),
//! where a resolved gem is a line indented four spaces, `name (version)`;
//! deeper lines are its requirements.

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, GEM, dedup, text};
use crate::package::Package;

/// The Gemfile.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "ruby-gemfile-lock",
    globs: &["**/Gemfile.lock"],
    max_size: 16 << 20,
    declared: true,
    parse,
};

/// Parses a Gemfile.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let text = text(path, bytes)?;
    let mut out = Vec::new();
    let mut in_specs = false;
    for line in text.lines() {
        if !line.starts_with(' ') {
            in_specs = false;
            continue;
        }
        if line.trim_end() == "  specs:" {
            in_specs = true;
            continue;
        }
        if !in_specs || !line.starts_with("    ") || line.starts_with("     ") {
            continue;
        }
        let Some((name, rest)) = line.trim().split_once(" (") else {
            continue;
        };
        let Some(version) = rest.strip_suffix(')') else {
            continue;
        };
        if name.is_empty() || version.is_empty() {
            continue;
        }
        out.push(GEM.package(name, version, CATALOGER.name));
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn specs() {
        let t = b"PATH\n  remote: ../x\n  specs:\n    google-cloud-errors (1.3.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    actionmailer (4.1.1)\n      actionpack (= 4.1.1)\n    nokogiri (1.10.10-x86_64-linux)\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n  rails (= 4.1.1)\n";
        let p = super::parse("/Gemfile.lock", t).unwrap();
        let ids: Vec<_> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("actionmailer", "4.1.1"),
                ("google-cloud-errors", "1.3.0"),
                ("nokogiri", "1.10.10-x86_64-linux")
            ]
        );
    }
}
