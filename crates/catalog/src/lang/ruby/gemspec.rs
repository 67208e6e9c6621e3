//! Gem specifications: installed ones (`specifications/*.gemspec`, the
//! Ruby stubs RubyGems writes, `s.name = "rack".freeze`) everywhere, and a
//! project's own `*.gemspec` in source trees. They are read as text, never
//! evaluated: only plain string assignments of name, version and licenses.

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, GEM, text};
use crate::package::Package;

/// The installed-gemspec cataloger.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "ruby-gemspec",
    globs: &["**/specifications/**/*.gemspec"],
    max_size: 4 << 20,
    declared: false,
    parse,
};

/// The source-tree gemspec cataloger: the gemspecs [`CATALOGER`] does not
/// already read.
pub const DECLARED: FileCataloger = FileCataloger {
    name: "ruby-gemspec-declared",
    globs: &["**/*.gemspec"],
    max_size: 4 << 20,
    declared: true,
    parse: parse_declared,
};

/// Parses a gemspec outside a `specifications` directory.
pub fn parse_declared(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    if path.contains("/specifications/") {
        return Ok(Vec::new());
    }
    parse(path, bytes)
}

/// Parses a gemspec.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let text = text(path, bytes)?;
    let (mut name, mut version, mut licenses) = (None, None, Vec::new());
    for line in text.lines() {
        let Some((lhs, rhs)) = line.trim().split_once('=') else {
            continue;
        };
        let Some((_, field)) = lhs.trim().split_once('.') else {
            continue;
        };
        match field.trim() {
            "name" => name = strings(rhs).into_iter().next(),
            "version" => version = strings(rhs).into_iter().next(),
            "license" | "licenses" => licenses = strings(rhs),
            _ => {}
        }
    }
    let (Some(name), Some(version)) = (name, version) else {
        return Ok(Vec::new());
    };
    if name.is_empty() || version.is_empty() {
        return Ok(Vec::new());
    }
    let mut p = GEM.package(&name, &version, CATALOGER.name);
    p.licenses = licenses;
    Ok(vec![p])
}

/// The double- or single-quoted string literals of a right-hand side, up
/// to a trailing `if` modifier.
fn strings(rhs: &str) -> Vec<String> {
    let rhs = rhs.split(" if ").next().unwrap_or(rhs);
    let mut out = Vec::new();
    let mut chars = rhs.chars();
    while let Some(c) = chars.next() {
        if c != '"' && c != '\'' {
            continue;
        }
        let mut s = String::new();
        let mut closed = false;
        while let Some(d) = chars.next() {
            if d == '\\' {
                if let Some(e) = chars.next() {
                    s.push(e);
                }
                continue;
            }
            if d == c {
                closed = true;
                break;
            }
            s.push(d);
        }
        if closed {
            out.push(s);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn stub() {
        let t = b"Gem::Specification.new do |s|\n  s.name = \"bundler\".freeze\n  s.version = \"2.1.4\"\n  s.required_rubygems_version = Gem::Requirement.new(\">= 2.5.2\".freeze) if s.respond_to? :x=\n  s.licenses = [\"MIT\".freeze, \"Ruby\".freeze]\nend\n";
        let p = super::parse("/x.gemspec", t).unwrap();
        assert_eq!(p[0].purl, "pkg:gem/bundler@2.1.4");
        assert_eq!(p[0].licenses, ["MIT", "Ruby"]);
    }
}
