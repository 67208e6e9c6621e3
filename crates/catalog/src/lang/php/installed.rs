//! `vendor/composer/installed.json`: Composer 1 writes a list of packages,
//! Composer 2 `{"packages": [...], "dev-package-names": [...]}`. Installed
//! development packages are installed all the same: they are flagged
//! `php-composer-installed:dev`, not `dev` (which marks declared
//! development dependencies of a source tree).

use serde_json::Value;

use crate::error::Result;
use crate::lang::file::{FileCataloger, dedup, flag, json};
use crate::package::Package;

/// The installed.json cataloger.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "php-composer-installed",
    globs: &["**/installed.json"],
    max_size: 32 << 20,
    declared: false,
    parse,
};

/// Parses an installed.json.
pub fn parse(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    let v: Value = json(path, bytes)?;
    let (list, dev_names) = match &v {
        Value::Array(a) => (a.as_slice(), Vec::new()),
        Value::Object(o) => (
            o.get("packages")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice),
            o.get("dev-package-names")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        ),
        _ => {
            return Err(crate::Error::malformed(
                path,
                "neither a list nor an object",
            ));
        }
    };
    let mut out: Vec<Package> = list
        .iter()
        .filter_map(|e| {
            let dev = e
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| dev_names.contains(&n));
            let mut p = super::package(e, false, CATALOGER.name)?;
            if dev {
                flag(&mut p, "php-composer-installed:dev");
            }
            Some(p)
        })
        .collect();
    dedup(&mut out);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_layouts() {
        let v1 = br#"[{"name":"asm89/stack-cors","version":"1.3.0","license":["MIT"]}]"#;
        let p = super::parse("/installed.json", v1).unwrap();
        assert_eq!(p[0].purl, "pkg:composer/asm89/stack-cors@1.3.0");
        let v2 = br#"{"packages":[{"name":"a/b","version":"v1.0"},{"name":"c/d","version":"2.0"}],"dev-package-names":["c/d"]}"#;
        let p = super::parse("/installed.json", v2).unwrap();
        assert!(p[1].properties.contains_key("php-composer-installed:dev"));
        assert!(super::parse("/installed.json", b"1").is_err());
    }
}
