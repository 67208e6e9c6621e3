//! PHP Composer: `vendor/composer/installed.json` and, in source trees,
//! `composer.lock`.

pub mod composer_lock;
pub mod installed;

use serde_json::Value;

use crate::lang::file::EcosystemPackage as _;
use crate::lang::file::{COMPOSER, mark_dev};
use crate::package::Package;

/// One Composer package record (`name`, `version`, `license`).
pub(crate) fn package(e: &Value, dev: bool, cataloger: &str) -> Option<Package> {
    let name = e.get("name")?.as_str()?.trim();
    let version = e.get("version")?.as_str()?.trim();
    if name.is_empty() || version.is_empty() {
        return None;
    }
    let mut p = COMPOSER.package(name, version, cataloger);
    if let Some(ls) = e.get("license").and_then(Value::as_array) {
        p.licenses = ls
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    if dev {
        mark_dev(&mut p);
    }
    Some(p)
}
