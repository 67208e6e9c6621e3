//! `secrets`: credentials found in the image — in any layer, including
//! files a later layer deleted (anyone who pulls the image can still read
//! them), and in its configuration (ENV, labels, history).

use bosun_types::Severity;
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
    severity_at_least: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub(crate) struct Secrets {
    severity_at_least: Option<Severity>,
    rules: Vec<String>,
}

impl RuleKind for Secrets {
    type Raw = Raw;
    const NAME: &'static str = "secrets";
    const SUMMARY: &'static str = "secrets in any layer or in the image configuration";
    const EXPLAIN: &'static str = "\
Counts the secrets `bosun scan --scanners secret` finds: in every layer's
files — a file deleted by a later layer still counts, since its layer ships
with the image — and in ENV, labels and history. The gate runs the secret
scanner only when the policy has a `secrets` rule; its `.bosun.yaml`
`secrets:` section (allow rules, custom rules) applies. Evidence shows the
rule, the file and line, the layer, and a masked value, never the secret.

  severity-at-least: critical | high | medium | low   (default: any)
  rules: [aws-access-key-id, private-key]             (default: every rule)

Example:
  - id: no-secrets
    action: stop
    message: Remove the credential from the image and rotate it
    secrets:
      severity-at-least: high
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "severity-at-least": {"enum": ["critical", "high", "medium", "low"]},
                "rules": {"type": "array", "items": {"type": "string", "minLength": 1}}
            }
        })
    }

    fn compile(raw: Raw, _at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        let severity_at_least = super::severity_param(raw.severity_at_least.as_ref(), &mut errors);
        for r in &raw.rules {
            if r.value.trim().is_empty() {
                errors.push(Located::at(&r.referenced, "a rule id must not be empty"));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            severity_at_least,
            rules: raw.rules.into_iter().map(|r| r.value).collect(),
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let Some(found) = s.secrets else {
            return Outcome::Skipped("secrets were not scanned".into());
        };
        let evidence = found
            .iter()
            .filter(|f| f.suppressed.is_none())
            .filter(|f| self.severity_at_least.is_none_or(|min| f.severity >= min))
            .filter(|f| self.rules.is_empty() || self.rules.contains(&f.rule))
            .map(|f| {
                let mut subject = format!("{} in {}", f.rule, f.file);
                if f.line > 0 {
                    subject.push_str(&format!(":{}", f.line));
                }
                subject.push_str(&format!(" ({})", f.masked));
                if let (Some(layer), Some(removed)) = (f.layer, f.removed_in) {
                    subject.push_str(&format!(
                        ", still readable in layer {layer} although removed in layer {removed}"
                    ));
                }
                Evidence {
                    subject,
                    path: Some(f.file.clone()),
                    severity: Some(f.severity.to_string()),
                    layer: f.layer,
                    line: usize::try_from(f.line).ok().filter(|&l| l > 0),
                    rank: f64::from(f.severity.rank()),
                    ..Evidence::default()
                }
            })
            .collect();
        Outcome::Found(evidence)
    }
}
