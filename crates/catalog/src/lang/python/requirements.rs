//! `requirements*.txt`: pinned lines (`name==1.2`, `name===1.2`) only,
//! since a range names no installed version. Continuations, comments,
//! options (`-r`, `--hash`), extras, markers and direct URLs are handled.

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, PYPI, dedup, pep503, text};
use crate::package::Package;

/// The requirements-file cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "python-requirements",
    globs: &["**/*requirements*.txt"],
    max_size: 16 << 20,
    declared: true,
    parse,
};

/// Parses a requirements file.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let text = text(path, bytes)?;
    let mut out = Vec::new();
    let mut logical = String::new();
    for raw in text.lines() {
        let line = strip_comment(raw);
        if let Some(cont) = line.strip_suffix('\\') {
            logical.push_str(cont);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        if let Some(p) = pinned(&logical) {
            out.push(p);
        }
        logical.clear();
    }
    if let Some(p) = pinned(&logical) {
        out.push(p);
    }
    dedup(&mut out);
    Ok(out)
}

/// The line without a `#` comment (one at the start or after whitespace).
fn strip_comment(line: &str) -> &str {
    let b = line.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if c == b'#' && (i == 0 || b[i - 1].is_ascii_whitespace()) {
            return line[..i].trim_end();
        }
    }
    line.trim_end()
}

fn pinned(line: &str) -> Option<Package> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('-') {
        return None;
    }
    // Environment markers, then per-requirement options such as --hash.
    let line = line.split(';').next()?;
    let line = line.split(" --").next()?;
    let (spec, _url) = match line.split_once(" @ ") {
        Some((s, u)) => (s, Some(u)),
        None => (line, None),
    };
    let (name, version) = if let Some((n, v)) = spec.split_once("===") {
        (n, v)
    } else {
        spec.split_once("==")?
    };
    let name = name.split('[').next()?.trim();
    let version = version.trim();
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    // A second clause (`==1.0, <2`) or a wildcard is not a single pin.
    let valid_version =
        !version.is_empty() && !version.contains([',', '*', ' ', '<', '>', '=', '!', '~']);
    if !valid_name || !valid_version {
        return None;
    }
    Some(PYPI.package(&pep503(name), version, CATALOGER.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins() {
        let t = b" flask == 4.0.0\nurllib3===1.26.20\n# x == 1\n foo == 1.0.0 # c\nbar >= 1.0\n-r other.txt\nSomeProject ==5.4 ; python_version < '3.8'\nargh==0.26.2 \\\n  --hash=sha256:abc\ncelery[redis, pytest] == 4.4.7\nreq[s] == 2.8.*\nGithubSampleProject == 3.7.1 @ git+https://x/y\n==2.3.4\n";
        let p = parse("/r.txt", t).unwrap();
        let got: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("argh", "0.26.2"),
                ("celery", "4.4.7"),
                ("flask", "4.0.0"),
                ("foo", "1.0.0"),
                ("githubsampleproject", "3.7.1"),
                ("someproject", "5.4"),
                ("urllib3", "1.26.20"),
            ]
        );
    }
}
