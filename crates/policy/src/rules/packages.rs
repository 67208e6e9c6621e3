//! `packages`: packages denied or required to be on an allow list (by
//! name glob, PURL and version range), and licences denied or allowed
//! (SPDX identifiers or expressions).
//!
//! A package's licence expression is denied when it cannot be satisfied
//! without a denied licence (`MIT OR GPL-3.0-only` is fine when only GPL
//! is denied), and fails an allow list when it cannot be satisfied with
//! allowed licences alone. A licence string that is not SPDX (`GPL-2+`,
//! Debian's copyright names) cannot be judged: it is evidence for an allow
//! list (nobody allowed it) and ignored by a deny list.

use bosun_types::Package;
use globset::GlobMatcher;
use serde::Deserialize;
use serde_json::json;
use serde_saphyr::{Location, Spanned};

use super::{Outcome, RuleKind};
use crate::error::Located;
use crate::subject::Subject;
use crate::verdict::Evidence;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    #[serde(default)]
    deny: Vec<Spanned<RawSelector>>,
    #[serde(default)]
    allow: Vec<Spanned<RawSelector>>,
    #[serde(default)]
    licenses_denied: Vec<Spanned<String>>,
    #[serde(default)]
    licenses_allowed: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct RawSelector {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    purl: Option<Spanned<String>>,
    #[serde(default)]
    versions: Option<Spanned<String>>,
}

/// Which packages an entry names: every field set must hold.
#[derive(Debug, Clone)]
struct Selector {
    text: String,
    name: Option<GlobMatcher>,
    purl: Option<String>,
    versions: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Packages {
    deny: Vec<Selector>,
    allow: Vec<Selector>,
    licenses_denied: Vec<spdx::Expression>,
    licenses_allowed: Vec<spdx::Expression>,
}

impl RuleKind for Packages {
    type Raw = Raw;
    const NAME: &'static str = "packages";
    const SUMMARY: &'static str = "packages denied or allowed by name, PURL and version; licences";
    const EXPLAIN: &'static str = "\
Counts packages that a deny list names, that an allow list does not name, or
whose licences are denied or not allowed.

  deny:                          each entry: name (a glob), purl (a PURL without
    - name: openssl                or with version, matched as a prefix), versions
      versions: \"<3.0.7\"           (a range in the package's own version scheme);
    - purl: pkg:npm/left-pad       every field given must hold
  allow: [...]                   when set, every package must match an entry
  licenses-denied: [AGPL-3.0-only, GPL-3.0-or-later]
  licenses-allowed: [MIT, Apache-2.0, BSD-3-Clause]
                                 SPDX identifiers or expressions

Example:
  - id: no-copyleft
    action: warn
    message: Copyleft licence in a distributed image
    packages:
      licenses-denied: [GPL-3.0-only, AGPL-3.0-only]
";

    fn schema() -> serde_json::Value {
        let selector = json!({
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
                "name": {"type": "string", "minLength": 1},
                "purl": {"type": "string", "pattern": "^pkg:"},
                "versions": {"type": "string", "minLength": 1}
            }
        });
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "deny": {"type": "array", "items": selector},
                "allow": {"type": "array", "items": selector},
                "licenses-denied": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "licenses-allowed": {"type": "array", "items": {"type": "string", "minLength": 1}}
            }
        })
    }

    fn compile(raw: Raw, at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        let selectors = |list: Vec<Spanned<RawSelector>>, errors: &mut Vec<Located>| {
            let mut out = Vec::new();
            for s in list {
                if let Some(sel) = selector(s.value, &s.referenced, errors) {
                    out.push(sel);
                }
            }
            out
        };
        let deny = selectors(raw.deny, &mut errors);
        let allow = selectors(raw.allow, &mut errors);
        let licences = |list: Vec<Spanned<String>>, errors: &mut Vec<Located>| {
            let mut out = Vec::new();
            for l in list {
                match spdx::Expression::parse(&l.value) {
                    Ok(e) => out.push(e),
                    Err(e) => errors.push(Located::at(
                        &l.referenced,
                        format!(
                            "{:?} is not an SPDX licence expression: {}",
                            l.value, e.reason
                        ),
                    )),
                }
            }
            out
        };
        let licenses_denied = licences(raw.licenses_denied, &mut errors);
        let licenses_allowed = licences(raw.licenses_allowed, &mut errors);
        if deny.is_empty()
            && allow.is_empty()
            && licenses_denied.is_empty()
            && licenses_allowed.is_empty()
            && errors.is_empty()
        {
            errors.push(Located::at(
                at,
                "packages: give at least one of deny, allow, licenses-denied, licenses-allowed",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            deny,
            allow,
            licenses_denied,
            licenses_allowed,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let mut out = Vec::new();
        for p in s.packages {
            if let Some(sel) = self.deny.iter().find(|sel| sel.matches(p)) {
                out.push(evidence(p, format!("denied by {}", sel.text), 30.0));
            }
            if !self.allow.is_empty() && !self.allow.iter().any(|sel| sel.matches(p)) {
                out.push(evidence(p, "not on the allow list".into(), 20.0));
            }
            for lic in &p.licenses {
                let parsed = spdx::Expression::parse_mode(lic, spdx::ParseMode::LAX).ok();
                if !self.licenses_denied.is_empty()
                    && let Some(expr) = &parsed
                {
                    let ok = expr.evaluate(|req| !self.denied(req));
                    if !ok {
                        out.push(evidence(p, format!("licence {lic} is denied"), 10.0));
                    }
                }
                if !self.licenses_allowed.is_empty() {
                    let ok = parsed
                        .as_ref()
                        .is_some_and(|expr| expr.evaluate(|req| self.allowed(req)));
                    if !ok {
                        out.push(evidence(p, format!("licence {lic} is not allowed"), 5.0));
                    }
                }
            }
        }
        Outcome::Found(out)
    }
}

impl Packages {
    fn denied(&self, req: &spdx::LicenseReq) -> bool {
        self.licenses_denied
            .iter()
            .any(|e| e.evaluate(|d| d.license == req.license))
    }

    fn allowed(&self, req: &spdx::LicenseReq) -> bool {
        self.licenses_allowed
            .iter()
            .any(|e| e.evaluate(|a| a.license == req.license))
    }
}

fn selector(raw: RawSelector, at: &Location, errors: &mut Vec<Located>) -> Option<Selector> {
    let mut text = Vec::new();
    let name = match raw.name {
        Some(n) => {
            text.push(format!("name {}", n.value));
            match bosun_match::glob::compile(&n.value) {
                Ok(g) => Some(g),
                Err(e) => {
                    errors.push(Located::at(&n.referenced, format!("name: {e}")));
                    return None;
                }
            }
        }
        None => None,
    };
    let purl = match raw.purl {
        Some(p) if p.value.starts_with("pkg:") => {
            text.push(p.value.clone());
            Some(p.value)
        }
        Some(p) => {
            errors.push(Located::at(
                &p.referenced,
                format!("purl {:?} does not start with pkg:", p.value),
            ));
            return None;
        }
        None => None,
    };
    let versions = raw.versions.map(|v| {
        text.push(format!("versions {}", v.value));
        v.value
    });
    if name.is_none() && purl.is_none() {
        errors.push(Located::at(at, "a package entry needs a name or a purl"));
        return None;
    }
    Some(Selector {
        text: text.join(" "),
        name,
        purl,
        versions,
    })
}

impl Selector {
    fn matches(&self, p: &Package) -> bool {
        if let Some(g) = &self.name
            && !g.is_match(&p.name)
        {
            return false;
        }
        if let Some(want) = &self.purl {
            let hit = p.purl == *want
                || p.purl.starts_with(&format!("{want}@"))
                || p.purl.starts_with(&format!("{want}?"));
            if !hit {
                return false;
            }
        }
        if let Some(range) = &self.versions {
            let scheme = bosun_version::Scheme::for_ecosystem(p.ecosystem.as_deref().unwrap_or(""));
            // A version the scheme cannot read is not known to be in range.
            if !bosun_version::satisfies(scheme, &p.version, range).unwrap_or(false) {
                return false;
            }
        }
        true
    }
}

fn evidence(p: &Package, why: String, rank: f64) -> Evidence {
    Evidence {
        subject: format!("{} {}: {why}", p.name, p.version),
        package: Some(p.name.clone()),
        version: Some(p.version.clone()),
        purl: Some(p.purl.clone()),
        path: p.locations.first().map(|l| l.path.clone()),
        layer: p.introduced_layer.as_ref().map(|l| l.index),
        rank,
        ..Evidence::default()
    }
}
