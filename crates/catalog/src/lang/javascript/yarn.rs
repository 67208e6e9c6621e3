//! `yarn.lock`, both the classic v1 format and Berry's YAML: a block per
//! resolved package whose header lists the requested specs
//! (`"a@^1", a@~1.2:`) and whose body holds `version "1.2.3"` (v1) or
//! `version: 1.2.3` (Berry). In v1 the registry URL in `resolved` names
//! the package actually fetched, which beats the requested name (aliases). Berry workspace and link entries (the
//! project's own code) are listed as syft does, flagged
//! `javascript-yarn-lock:local`.

use crate::error::Result;
use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{FileCataloger, NPM, dedup, flag, text};
use crate::package::Package;

/// The yarn.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "javascript-yarn-lock",
    globs: &["**/yarn.lock"],
    max_size: 64 << 20,
    declared: true,
    parse,
};

/// Parses a yarn.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let text = text(path, bytes)?;
    let mut out = Vec::new();
    let mut name: Option<String> = None;
    let mut local = false;
    let mut version: Option<String> = None;
    let mut flush = |name: &mut Option<String>, version: &mut Option<String>, local: bool| {
        if let (Some(n), Some(v)) = (name.take(), version.take())
            && !n.is_empty()
            && !v.is_empty()
        {
            let mut p = NPM.package(&n, &v, CATALOGER.name);
            if local {
                flag(&mut p, "javascript-yarn-lock:local");
            }
            out.push(p);
        }
    };
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            flush(&mut name, &mut version, local);
            let header = line.trim_end_matches(':');
            let first = header
                .split(", ")
                .next()
                .unwrap_or(header)
                .trim_matches('"');
            local = ["@workspace:", "@link:", "@portal:", "@file:"]
                .iter()
                .any(|m| header.contains(m));
            name = if first == "__metadata" {
                None
            } else {
                super::split_at_version(first).map(|(n, _)| n.to_owned())
            };
            continue;
        }
        let body = line.trim();
        if line.len() - line.trim_start().len() != 2 {
            continue;
        }
        let v = body
            .strip_prefix("version ")
            .or_else(|| body.strip_prefix("version: "));
        if let Some(v) = v {
            version = Some(v.trim().trim_matches('"').to_owned());
        } else if let Some(url) = body.strip_prefix("resolved ")
            && let Some(n) = registry_name(url.trim().trim_matches('"'))
        {
            name = Some(n);
        }
    }
    flush(&mut name, &mut version, local);
    dedup(&mut out);
    Ok(out)
}

/// The package name in a registry tarball URL
/// (`https://host/@scope/name/-/name-1.0.0.tgz`).
fn registry_name(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let path = rest.split_once('/')?.1;
    let (pkg, _) = path.split_once("/-/")?;
    let pkg = pkg
        .replace("%40", "@")
        .replace("%2f", "/")
        .replace("%2F", "/");
    let segs: Vec<&str> = pkg.split('/').filter(|s| !s.is_empty()).collect();
    let name = match segs.as_slice() {
        [.., scope, name] if scope.starts_with('@') => format!("{scope}/{name}"),
        [.., name] => (*name).to_owned(),
        [] => return None,
    };
    Some(name)
}

#[cfg(test)]
mod tests {
    fn ids(t: &str) -> Vec<(String, String)> {
        super::parse("/yarn.lock", t.as_bytes())
            .unwrap()
            .into_iter()
            .map(|p| (p.name, p.version))
            .collect()
    }

    #[test]
    fn v1() {
        let t = "# yarn lockfile v1\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n  version \"7.10.4\"\n  resolved \"https://x\"\n  dependencies:\n    \"@babel/highlight\" \"^7.10.4\"\n\nasync@^2.6:\n  version \"2.6.3\"\n";
        assert_eq!(
            ids(t),
            [
                ("@babel/code-frame".into(), "7.10.4".into()),
                ("async".into(), "2.6.3".into())
            ]
        );
    }

    #[test]
    fn resolved_names() {
        assert_eq!(
            super::registry_name("https://r.example/@s/n/-/n-1.0.0.tgz#abc"),
            Some("@s/n".into())
        );
        assert_eq!(
            super::registry_name("https://r.example/real/-/real-1.0.0.tgz"),
            Some("real".into())
        );
        assert_eq!(super::registry_name("git+https://x"), None);
    }

    #[test]
    fn berry() {
        let t = "__metadata:\n  version: 6\n\n\"@babel/core@npm:^7.0.0, @babel/core@npm:^7.1\":\n  version: 7.21.0\n  resolution: \"@babel/core@npm:7.21.0\"\n  dependencies:\n    version: 1.0.0\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n";
        assert_eq!(
            ids(t),
            [
                ("@babel/core".into(), "7.21.0".into()),
                ("app".into(), "0.0.0-use.local".into())
            ]
        );
    }
}
