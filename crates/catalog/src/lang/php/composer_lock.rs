//! `composer.lock`: `packages` and `packages-dev` (the latter marked dev).

use serde_json::Value;

use crate::error::Result;
use crate::lang::file::{FileCataloger, dedup, json};
use crate::package::Package;

/// The composer.lock cataloger (source trees only).
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "php-composer-lock",
    globs: &["**/composer.lock"],
    max_size: 32 << 20,
    declared: true,
    parse,
};

/// Parses a composer.lock.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let mut out = Vec::new();
    for (key, dev) in [("packages", false), ("packages-dev", true)] {
        for e in v.get(key).and_then(Value::as_array).into_iter().flatten() {
            out.extend(super::package(e, dev, CATALOGER.name));
        }
    }
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn sections() {
        let t = br#"{"packages":[{"name":"adoy/fastcgi-client","version":"1.0.2"}],"packages-dev":[{"name":"x/y","version":"2.0"}]}"#;
        let p = super::parse("/composer.lock", t).unwrap();
        assert_eq!(p.len(), 2);
        assert!(p[1].properties.contains_key("dev"));
    }
}
