//! The `catalog:` section of bosun's configuration: settings that change
//! what catalogers extract (and so are part of every cache key).

use serde::{Deserialize, Serialize};

use crate::lang::java::archive::JavaLimits;

/// Cataloger settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct CatalogConfig {
    /// `java:`: how deep nested archives are followed and how much of an
    /// archive is read (`max-depth`, `max-entries`, `max-nested-bytes`,
    /// `max-total-bytes`, `max-ratio`).
    pub java: JavaLimits,
}

impl CatalogConfig {
    /// A short fingerprint of the settings, for cache keys.
    pub fn fingerprint(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
