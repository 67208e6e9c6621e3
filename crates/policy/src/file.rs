//! The policy file, `bosun.policy/v1`:
//!
//! ```yaml
//! apiVersion: bosun.policy/v1
//! policies:
//!   production:
//!     rules:
//!       - id: no-root
//!         action: stop                  # stop, warn or go
//!         message: Production images run as a non-root user
//!         config:                       # the rule's kind, with its parameters
//!           root-user: true
//! mappings:                             # first match wins
//!   - name: team images
//!     image: registry.example.com/team/*:*
//!     policy: production
//!     allowlist:
//!       - rule: fixable-high
//!         match: CVE-2023-45853
//!         reason: zlib's minizip is not shipped
//!         owner: alice@example.com
//!         expires: 2027-01-31
//! default-policy: production            # when no mapping matches
//! known-bases:                          # base images recognised by their layers
//!   - registry.example.com/base/debian:12
//! ```
//!
//! A rule names its kind by the one kind key it carries (`vulnerabilities:`,
//! `packages:`…), so the parameters sit under the kind that defines them
//! and each kind's keys are checked on their own. Every problem in a file
//! is collected, with its line and column, before the file is refused:
//! a policy is never half-read and never silently ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::allow::{AllowEntry, RawAllowEntry};
use crate::error::{Located, PolicyError};
use crate::pattern::ImagePattern;
use crate::rules::{RawRule, Rule};

/// The `apiVersion` this crate reads.
pub const API_VERSION: &str = "bosun.policy/v1";

/// The largest policy file read, in bytes.
pub const MAX_FILE_BYTES: u64 = 4 << 20;

/// What a rule does when it finds something.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Report it; the image may still ship.
    Go,
    /// Report it as a warning (`--strict` makes warnings fail).
    Warn,
    /// Refuse the image.
    Stop,
}

impl Action {
    /// `go`, `warn` or `stop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Go => "go",
            Action::Warn => "warn",
            Action::Stop => "stop",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawFile {
    #[serde(rename = "apiVersion")]
    api_version: Spanned<String>,
    #[serde(default)]
    policies: BTreeMap<String, Spanned<RawPolicy>>,
    #[serde(default)]
    mappings: Vec<Spanned<RawMapping>>,
    #[serde(default)]
    default_policy: Option<Spanned<String>>,
    #[serde(default)]
    known_bases: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicy {
    #[serde(default)]
    description: Option<String>,
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawMapping {
    #[serde(default)]
    name: Option<String>,
    image: Spanned<String>,
    policy: Spanned<String>,
    #[serde(default)]
    allowlist: Vec<Spanned<RawAllowEntry>>,
}

/// A parsed, validated policy file.
#[derive(Debug, Clone)]
pub struct PolicyFile {
    /// Where it came from.
    pub source: String,
    /// SHA-256 of its bytes, so a verdict names exactly what decided it.
    pub sha256: String,
    /// Its policies by name.
    pub policies: BTreeMap<String, Policy>,
    /// Its mappings, in file order (first match wins).
    pub mappings: Vec<Mapping>,
    /// The policy used when no mapping matches.
    pub default_policy: Option<String>,
    /// Base images (any reference `bosun scan` accepts) that the gate
    /// recognises by their layers: an image whose first layers are one of
    /// these was built from it, and those layers are the base's.
    pub known_bases: Vec<String>,
}

/// A named list of rules.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: Option<String>,
    /// Its rules, in file order.
    pub rules: Vec<Rule>,
}

/// Which images a policy applies to, with the exceptions granted there.
#[derive(Debug, Clone)]
pub struct Mapping {
    /// Its name (or `mappings[N]`).
    pub name: String,
    /// The image pattern (`registry/repository:tag` globs).
    pub image: ImagePattern,
    /// The policy's name.
    pub policy: String,
    /// Exceptions.
    pub allowlist: Vec<AllowEntry>,
}

impl PolicyFile {
    /// Whether any policy in the file has a rule of this kind (so the gate
    /// runs only the scanners the rules need).
    pub fn uses_kind(&self, kind: &str) -> bool {
        self.policies
            .values()
            .flat_map(|p| &p.rules)
            .any(|r| r.params.kind() == kind)
    }

    /// Which image checks the file's rules read, so the gate runs them
    /// only when asked.
    pub fn image_checks(&self) -> crate::rules::ImageChecks {
        self.policies.values().flat_map(|p| &p.rules).fold(
            crate::rules::ImageChecks::default(),
            |acc, r| {
                let n = r.params.image_checks();
                crate::rules::ImageChecks {
                    config: acc.config || n.config,
                    efficiency: acc.efficiency || n.efficiency,
                }
            },
        )
    }

    /// Reads and validates `path`.
    pub fn load(path: &Path) -> Result<Self, PolicyError> {
        let name = path.display().to_string();
        let io = |e: std::io::Error| PolicyError::Io {
            path: name.clone(),
            source: e,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if meta.len() > MAX_FILE_BYTES {
            return Err(PolicyError::TooLarge {
                path: name,
                size: meta.len(),
                limit: MAX_FILE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        let text = String::from_utf8(bytes).map_err(|_| PolicyError::Invalid {
            source_name: name.clone(),
            errors: vec![Located::file("the file is not UTF-8")],
        })?;
        Self::parse(&text, &name)
    }

    /// Parses and validates the text of a policy file; `source` names it in
    /// messages.
    pub fn parse(text: &str, source: &str) -> Result<Self, PolicyError> {
        let invalid = |errors: Vec<Located>| PolicyError::Invalid {
            source_name: source.to_owned(),
            errors,
        };
        let raw: RawFile =
            serde_saphyr::from_str(text).map_err(|e| invalid(vec![Located::from_yaml(&e)]))?;
        let mut errors = Vec::new();
        if raw.api_version.value != API_VERSION {
            errors.push(Located::at(
                &raw.api_version.referenced,
                format!(
                    "apiVersion is {:?}; this bosun reads {API_VERSION:?}",
                    raw.api_version.value
                ),
            ));
        }
        let mut policies = BTreeMap::new();
        for (name, p) in raw.policies {
            let mut rules: Vec<Rule> = Vec::with_capacity(p.value.rules.len());
            for r in p.value.rules {
                if rules.iter().any(|x| x.id == r.value.id.value) {
                    errors.push(Located::at(
                        &r.value.id.referenced,
                        format!(
                            "rule id {:?} is used twice in policy {name:?}",
                            r.value.id.value
                        ),
                    ));
                }
                match Rule::from_raw(r.value, &r.referenced) {
                    Ok(rule) => rules.push(rule),
                    Err(mut e) => errors.append(&mut e),
                }
            }
            if rules.is_empty() && errors.is_empty() {
                errors.push(Located::at(
                    &p.referenced,
                    format!("policy {name:?} has no rules"),
                ));
            }
            policies.insert(
                name.clone(),
                Policy {
                    name,
                    description: p.value.description,
                    rules,
                },
            );
        }
        if policies.is_empty() {
            errors.push(Located::file("the file defines no policies"));
        }
        let known = |n: &Spanned<String>, errors: &mut Vec<Located>| {
            if !policies.contains_key(&n.value) {
                errors.push(Located::at(
                    &n.referenced,
                    format!(
                        "no policy is named {:?} (defined: {})",
                        n.value,
                        policies.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
        };
        let mut mappings = Vec::with_capacity(raw.mappings.len());
        for (i, m) in raw.mappings.into_iter().enumerate() {
            known(&m.value.policy, &mut errors);
            let image = match ImagePattern::parse(&m.value.image.value) {
                Ok(p) => Some(p),
                Err(e) => {
                    errors.push(Located::at(&m.value.image.referenced, e.to_string()));
                    None
                }
            };
            let mut allowlist = Vec::new();
            for a in m.value.allowlist {
                match AllowEntry::from_raw(a.value, &a.referenced) {
                    Ok(e) => allowlist.push(e),
                    Err(mut e) => errors.append(&mut e),
                }
            }
            let policy_rules: Vec<&str> = policies
                .get(&m.value.policy.value)
                .map(|p| p.rules.iter().map(|r| r.id.as_str()).collect())
                .unwrap_or_default();
            for a in &allowlist {
                if !policy_rules.is_empty() && !policy_rules.contains(&a.rule.as_str()) {
                    errors.push(Located {
                        line: a.line,
                        column: a.column,
                        message: format!(
                            "allowlist entry names rule {:?}, which policy {:?} does not have",
                            a.rule, m.value.policy.value
                        ),
                    });
                }
            }
            if let Some(image) = image {
                mappings.push(Mapping {
                    name: m.value.name.unwrap_or_else(|| format!("mappings[{i}]")),
                    image,
                    policy: m.value.policy.value,
                    allowlist,
                });
            }
        }
        if let Some(d) = &raw.default_policy {
            known(d, &mut errors);
        }
        let mut known_bases = Vec::with_capacity(raw.known_bases.len());
        for b in raw.known_bases {
            if b.value.trim().is_empty() {
                errors.push(Located::at(&b.referenced, "known-bases: empty reference"));
            } else {
                known_bases.push(b.value.trim().to_owned());
            }
        }
        // One policy and nothing else: it is the default.
        let default_policy = raw.default_policy.map(|d| d.value).or_else(|| {
            (mappings.is_empty() && policies.len() == 1)
                .then(|| policies.keys().next().cloned())
                .flatten()
        });
        if !errors.is_empty() {
            errors.sort_by_key(|e| (e.line, e.column));
            return Err(invalid(errors));
        }
        use sha2::Digest as _;
        Ok(Self {
            source: source.to_owned(),
            sha256: format!("{:x}", sha2::Sha256::digest(text.as_bytes())),
            policies,
            mappings,
            default_policy,
            known_bases,
        })
    }

    /// The mapping and policy that apply to `image` (a normalised
    /// `registry/repository:tag` or `…@digest` reference): the first
    /// mapping that matches, else the default policy with no mapping.
    pub fn select(&self, image: &str) -> Option<(Option<&Mapping>, &Policy)> {
        for m in &self.mappings {
            if m.image.matches(image) {
                return self.policies.get(&m.policy).map(|p| (Some(m), p));
            }
        }
        let d = self.default_policy.as_ref()?;
        self.policies.get(d).map(|p| (None, p))
    }
}
