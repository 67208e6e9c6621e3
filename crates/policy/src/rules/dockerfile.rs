//! `dockerfile`: lint findings of the Dockerfile given with
//! `--dockerfile`, at or above a severity or with listed codes.

use bosun_types::lint::Severity;
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
    severity_at_least: Option<Spanned<Severity>>,
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    required: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Dockerfile {
    severity_at_least: Option<Severity>,
    codes: Vec<String>,
    required: bool,
}

impl RuleKind for Dockerfile {
    type Raw = Raw;
    const NAME: &'static str = "dockerfile";
    const SUMMARY: &'static str =
        "Dockerfile lint findings at or above a severity, or listed codes";
    const EXPLAIN: &'static str = "\
Counts lint findings of the Dockerfile given with `bosun gate --dockerfile F`
(the same findings as `bosun lint`). Without a Dockerfile the rule is skipped,
unless required.

  severity-at-least: warning     error, warning, info or style
  codes: [DL3007, DL3008]        only these codes
  required: true                 fail when no Dockerfile was given

Example:
  - id: dockerfile-errors
    action: warn
    message: The Dockerfile has lint errors
    dockerfile:
      severity-at-least: error
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "severity-at-least": {"enum": ["error", "warning", "info", "style"]},
                "codes": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z]+[0-9]+$"}},
                "required": {"type": "boolean"}
            }
        })
    }

    fn compile(raw: Raw, _at: &Location) -> Result<Self, Vec<Located>> {
        if let Some(s) = &raw.severity_at_least
            && s.value == Severity::Ignore
        {
            return Err(vec![Located::at(
                &s.referenced,
                "severity-at-least: ignore would count nothing; use error, warning, info or style",
            )]);
        }
        Ok(Self {
            severity_at_least: raw.severity_at_least.map(|s| s.value),
            codes: raw.codes,
            required: raw.required,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let Some(lint) = s.lint else {
            if self.required {
                return Outcome::Found(vec![Evidence {
                    subject: "no Dockerfile was given (--dockerfile)".into(),
                    rank: 1.0,
                    ..Evidence::default()
                }]);
            }
            return Outcome::Skipped("no Dockerfile was given (--dockerfile)".into());
        };
        let out = lint
            .iter()
            .filter(|f| self.severity_at_least.is_none_or(|min| f.severity >= min))
            .filter(|f| self.codes.is_empty() || self.codes.iter().any(|c| c == &f.code))
            .map(|f| Evidence {
                subject: format!("{}:{} {} {}", f.file, f.line, f.code, f.message),
                path: Some(f.file.clone()),
                line: Some(f.line),
                severity: Some(f.severity.as_str().to_owned()),
                rank: f64::from(f.severity as u8),
                ..Evidence::default()
            })
            .collect();
        Outcome::Found(out)
    }
}
