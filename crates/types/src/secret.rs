//! Secret findings: a credential-looking string found in a file of an image
//! or source tree, or in the image configuration. The value itself is never
//! stored, only a masked excerpt ([`crate::mask::mask_value`]), so no report,
//! cache entry or log line can leak it.

use serde::{Deserialize, Serialize};

use crate::finding::Severity;

/// One secret found by the secret scanner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretFinding {
    /// The rule that matched (`aws-access-key-id`).
    pub rule: String,
    /// The rule's human title.
    pub title: String,
    /// How bad a leak of this kind is.
    pub severity: Severity,
    /// The secret, masked: its first four characters, then `*`.
    pub masked: String,
    /// Where it was found: a path in the filesystem (`/app/.env`), or for
    /// the image configuration `config:env`, `config:label:KEY` or
    /// `config:history`.
    pub file: String,
    /// The 1-based line of the match within the file (0 for config text).
    pub line: u32,
    /// The 0-based layer whose copy of the file holds the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
    /// The digest of that layer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_digest: Option<String>,
    /// The 0-based layer that deleted or replaced this copy of the file;
    /// the secret is still readable from `layer` by anyone who pulls the
    /// image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub removed_in: Option<usize>,
    /// The history step (`created_by`, masked) that made `layer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    /// The ignore-file entry that excused it, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<crate::finding::Suppression>,
}

impl SecretFinding {
    /// The sentence a report shows about where the secret is:
    /// "still readable in layer 4 although removed in layer 5".
    pub fn whereabouts(&self) -> String {
        match (self.layer, self.removed_in) {
            (Some(l), Some(r)) => {
                format!("still readable in layer {l} although removed in layer {r}")
            }
            (Some(l), None) => format!("layer {l}"),
            _ => String::new(),
        }
    }
}
