//! `config`: the image's runtime configuration — the user it runs as, a
//! health check, exposed ports, secret-looking environment names, size,
//! layer count and labels — and the findings of bosun's image checks
//! (`checks:`, the codes `bosun scan --scanners config` reports).
//!
//! Root is `USER` unset or empty, `root`, UID `0` (with any group), or a
//! name the image's `/etc/passwd` maps to UID 0.

use std::collections::BTreeMap;

use bosun_types::Severity;
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
    root_user: bool,
    #[serde(default)]
    healthcheck_required: bool,
    #[serde(default)]
    ports_denied: Vec<Spanned<String>>,
    #[serde(default)]
    secret_env: bool,
    #[serde(default)]
    max_size_bytes: Option<u64>,
    #[serde(default)]
    max_layers: Option<usize>,
    #[serde(default)]
    labels_required: Vec<String>,
    #[serde(default)]
    labels: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    checks: Option<Spanned<ChecksRaw>>,
}

/// `checks:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ChecksRaw {
    #[serde(default)]
    codes: Vec<Spanned<String>>,
    #[serde(default)]
    severity_at_least: Option<Spanned<String>>,
}

/// Which image-check findings count.
#[derive(Debug, Clone)]
struct Checks {
    /// Canonical codes; empty: every check.
    codes: Vec<String>,
    severity_at_least: Option<Severity>,
}

impl Checks {
    fn compile(raw: &ChecksRaw, errors: &mut Vec<Located>) -> Self {
        let mut codes = Vec::new();
        for c in &raw.codes {
            match bosun_checks::check(c.value.trim()) {
                Some(check) => codes.push(check.code.to_owned()),
                None => errors.push(Located::at(
                    &c.referenced,
                    format!(
                        "{:?} is not an image check code (bosun scan --explain all lists them)",
                        c.value
                    ),
                )),
            }
        }
        Self {
            codes,
            severity_at_least: super::severity_param(raw.severity_at_least.as_ref(), errors),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Config {
    root_user: bool,
    healthcheck_required: bool,
    ports_denied: Vec<(u16, Option<String>)>,
    secret_env: bool,
    max_size_bytes: Option<u64>,
    max_layers: Option<usize>,
    labels_required: Vec<String>,
    labels: Vec<(String, String, GlobMatcher)>,
    checks: Option<Checks>,
}

impl RuleKind for Config {
    type Raw = Raw;
    const NAME: &'static str = "config";
    const SUMMARY: &'static str =
        "root user, health check, exposed ports, secret-looking ENV, size, layers, labels";
    const EXPLAIN: &'static str = "\
Checks the image configuration. Each parameter set adds a check.

  root-user: true                the image runs as root (USER unset, root, 0,
                                 0:GID, or a name /etc/passwd maps to UID 0)
  healthcheck-required: true     no HEALTHCHECK
  ports-denied: [\"22\", \"23/tcp\"] exposed ports in this list (no protocol: any)
  secret-env: true               ENV names that look like secrets (PASSWORD, TOKEN…)
  max-size-bytes: 500000000      compressed size above this
  max-layers: 40                 more layers than this
  labels-required: [org.opencontainers.image.source]
  labels:                        label values that must match a glob
    org.opencontainers.image.vendor: Example*
  checks:                        findings of bosun's image checks (the gate
    codes: [CIS-DI-0008]         runs them when a rule asks; default: every
    severity-at-least: medium    check, any severity; `bosun scan --explain
                                 all` lists the codes)

Example:
  - id: no-root
    action: stop
    message: Images run as a non-root user
    config:
      root-user: true
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
                "root-user": {"type": "boolean"},
                "healthcheck-required": {"type": "boolean"},
                "ports-denied": {"type": "array", "items": {"type": "string", "pattern": "^[0-9]{1,5}(/(tcp|udp|sctp))?$"}},
                "secret-env": {"type": "boolean"},
                "max-size-bytes": {"type": "integer", "minimum": 0},
                "max-layers": {"type": "integer", "minimum": 0},
                "labels-required": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "checks": {
                    "type": "object",
                    "additionalProperties": false,
                    "properties": {
                        "codes": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z]{3}-[A-Za-z]{2}-[0-9]{4}$"}},
                        "severity-at-least": {"enum": ["critical", "high", "medium", "low"]}
                    }
                }
            }
        })
    }

    fn compile(raw: Raw, at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        let mut ports_denied = Vec::new();
        for p in &raw.ports_denied {
            let (num, proto) = match p.value.split_once('/') {
                Some((n, pr)) => (n, Some(pr.to_ascii_lowercase())),
                None => (p.value.as_str(), None),
            };
            match (num.trim().parse::<u16>(), proto.as_deref()) {
                (Ok(n), None | Some("tcp" | "udp" | "sctp")) => ports_denied.push((n, proto)),
                _ => errors.push(Located::at(
                    &p.referenced,
                    format!("{:?} is not a port (22, 22/tcp, 53/udp)", p.value),
                )),
            }
        }
        let mut labels = Vec::new();
        for (k, v) in raw.labels {
            match bosun_match::glob::compile(&v.value) {
                Ok(g) => labels.push((k, v.value, g)),
                Err(e) => errors.push(Located::at(&v.referenced, format!("label {k}: {e}"))),
            }
        }
        let checks = raw
            .checks
            .as_ref()
            .map(|c| Checks::compile(&c.value, &mut errors));
        let rule = Self {
            root_user: raw.root_user,
            healthcheck_required: raw.healthcheck_required,
            ports_denied,
            secret_env: raw.secret_env,
            max_size_bytes: raw.max_size_bytes,
            max_layers: raw.max_layers,
            labels_required: raw.labels_required,
            labels,
            checks,
        };
        if rule.checks.is_none() && rule.only_checks() && errors.is_empty() {
            errors.push(Located::at(at, "config: no check is turned on"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(rule)
    }

    fn image_checks(&self) -> super::ImageChecks {
        let Some(c) = &self.checks else {
            return super::ImageChecks::default();
        };
        super::ImageChecks {
            config: true,
            efficiency: c.codes.is_empty()
                || c.codes.iter().any(|code| bosun_checks::is_efficiency(code)),
        }
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let img = &s.image;
        let mut out = Vec::new();
        let mut push = |subject: String, rank: f64| {
            out.push(Evidence {
                subject,
                rank,
                ..Evidence::default()
            });
        };
        if self.root_user
            && let Some(why) = bosun_types::check::runs_as_root(&img.user, s.users.as_ref())
        {
            push(why, 50.0);
        }
        if self.healthcheck_required {
            let none = match &img.healthcheck {
                None => true,
                Some(t) => t.is_empty() || t.first().is_some_and(|c| c == "NONE"),
            };
            if none {
                push("no HEALTHCHECK".into(), 10.0);
            }
        }
        for exposed in &img.exposed_ports {
            let (num, proto) = exposed.split_once('/').unwrap_or((exposed, "tcp"));
            let Ok(num) = num.parse::<u16>() else {
                continue;
            };
            if self.ports_denied.iter().any(|(n, p)| {
                *n == num && p.as_deref().is_none_or(|p| p.eq_ignore_ascii_case(proto))
            }) {
                push(format!("exposes port {exposed}"), 20.0);
            }
        }
        if self.secret_env {
            for name in &img.env_names {
                if bosun_types::mask::is_secret_name(name) {
                    push(format!("ENV {name} looks like a secret"), 30.0);
                }
            }
        }
        if let Some(max) = self.max_size_bytes
            && img.size_bytes > max
        {
            push(
                format!("image is {} bytes; at most {max}", img.size_bytes),
                5.0,
            );
        }
        if let Some(max) = self.max_layers
            && img.layer_count > max
        {
            push(
                format!("image has {} layers; at most {max}", img.layer_count),
                5.0,
            );
        }
        for l in &self.labels_required {
            if !img.labels.contains_key(l) {
                push(format!("label {l} is missing"), 2.0);
            }
        }
        for (k, want, g) in &self.labels {
            match img.labels.get(k) {
                Some(v) if g.is_match(v) => {}
                Some(v) => push(format!("label {k}={v:?} does not match {want:?}"), 2.0),
                None => push(format!("label {k} is missing"), 2.0),
            }
        }
        if let Some(want) = &self.checks {
            let Some(found) = s.checks else {
                if out.is_empty() && self.only_checks() {
                    return Outcome::Skipped("image checks were not run".into());
                }
                return Outcome::Found(out);
            };
            for f in found
                .iter()
                .filter(|f| f.suppressed.is_none())
                .filter(|f| want.severity_at_least.is_none_or(|min| f.severity >= min))
                .filter(|f| want.codes.is_empty() || want.codes.contains(&f.code))
            {
                out.push(Evidence {
                    subject: format!("{}: {}: {}", f.code, f.title, f.message),
                    path: (f.file != "config").then(|| f.file.clone()),
                    severity: Some(f.severity.to_string()),
                    layer: f.layer,
                    rank: f64::from(f.severity.rank()),
                    ..Evidence::default()
                });
            }
        }
        Outcome::Found(out)
    }
}

impl Config {
    /// Whether the rule sets nothing but (perhaps) `checks:`.
    fn only_checks(&self) -> bool {
        !(self.root_user
            || self.healthcheck_required
            || !self.ports_denied.is_empty()
            || self.secret_env
            || self.max_size_bytes.is_some()
            || self.max_layers.is_some()
            || !self.labels_required.is_empty()
            || !self.labels.is_empty())
    }
}
