//! Allowlists: exceptions a team grants inside a mapping. Each entry names
//! a rule and what it excuses (a vulnerability id, a package name or PURL,
//! a path, or any of these), and must say why, who owns the exception and
//! when it ends. An expired entry excuses nothing and is reported, so a
//! forgotten exception surfaces instead of living on.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::error::Located;
use crate::verdict::Evidence;

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawAllowEntry {
    rule: Spanned<String>,
    /// A vulnerability id or alias, a package name, a PURL (prefix) or a
    /// path glob.
    #[serde(rename = "match")]
    what: Spanned<String>,
    reason: Spanned<String>,
    owner: Spanned<String>,
    expires: Spanned<String>,
}

/// One exception.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AllowEntry {
    /// The rule it applies to.
    pub rule: String,
    /// What it excuses.
    #[serde(rename = "match")]
    pub what: String,
    /// Why.
    pub reason: String,
    /// Who answers for it.
    pub owner: String,
    /// The last day it applies (`YYYY-MM-DD`, UTC).
    pub expires: String,
    #[serde(skip)]
    expires_day: bosun_types::Date,
    #[serde(skip)]
    glob: Option<globset::GlobMatcher>,
    /// Where it is in the policy file.
    #[serde(skip)]
    pub line: u64,
    #[serde(skip)]
    pub(crate) column: u64,
}

impl AllowEntry {
    pub(crate) fn from_raw(raw: RawAllowEntry, at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        for (field, v) in [
            ("rule", &raw.rule),
            ("match", &raw.what),
            ("reason", &raw.reason),
            ("owner", &raw.owner),
        ] {
            if v.value.trim().is_empty() {
                errors.push(Located::at(
                    &v.referenced,
                    format!("{field} must not be empty"),
                ));
            }
        }
        let expires_day = match raw.expires.value.parse::<bosun_types::Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                errors.push(Located::at(
                    &raw.expires.referenced,
                    format!("expires: {e}"),
                ));
                None
            }
        };
        let glob = if raw.what.value.starts_with('/') {
            match bosun_match::glob::compile(&raw.what.value) {
                Ok(g) => Some(g),
                Err(e) => {
                    errors.push(Located::at(&raw.what.referenced, format!("match: {e}")));
                    None
                }
            }
        } else {
            None
        };
        match (errors.is_empty(), expires_day) {
            (true, Some(expires_day)) => Ok(Self {
                rule: raw.rule.value.trim().to_owned(),
                what: raw.what.value.trim().to_owned(),
                reason: raw.reason.value.trim().to_owned(),
                owner: raw.owner.value.trim().to_owned(),
                expires: raw.expires.value.trim().to_owned(),
                expires_day,
                glob,
                line: at.line(),
                column: at.column(),
            }),
            _ => Err(errors),
        }
    }

    /// Whether the entry has expired on `today`.
    pub fn expired(&self, today: bosun_types::Date) -> bool {
        self.expires_day < today
    }

    /// Whether the entry excuses `e` of rule `rule` (expiry aside).
    pub fn matches(&self, rule: &str, e: &Evidence) -> bool {
        if rule != self.rule {
            return false;
        }
        let w = self.what.as_str();
        if let Some(g) = &self.glob {
            return e.path.as_deref().is_some_and(|p| g.is_match(p));
        }
        if w.starts_with("pkg:") {
            return e.purl.as_deref().is_some_and(|p| {
                p == w || p.starts_with(&format!("{w}@")) || p.starts_with(&format!("{w}?"))
            });
        }
        e.vulnerability
            .iter()
            .chain(e.aliases.iter())
            .any(|id| id.eq_ignore_ascii_case(w))
            || e.package.as_deref() == Some(w)
            || e.subject == w
    }
}
