//! `freshness`: the vulnerability database is older than a number of
//! hours. An image gated with old data may pass only because the data
//! does not yet know about its vulnerabilities.

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
    max_age_hours: Spanned<f64>,
}

#[derive(Debug, Clone)]
pub(crate) struct Freshness {
    max_age_hours: f64,
}

impl RuleKind for Freshness {
    type Raw = Raw;
    const NAME: &'static str = "freshness";
    const SUMMARY: &'static str = "the vulnerability database is older than N hours";
    const EXPLAIN: &'static str = "\
Fails when the oldest source of the vulnerability database was last updated
more than max-age-hours ago, or when no database was used.

  max-age-hours: 24

Example:
  - id: fresh-data
    action: stop
    message: Vulnerability data older than a day; run `bosun db update`
    freshness:
      max-age-hours: 24
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["max-age-hours"],
            "properties": {"max-age-hours": {"type": "number", "exclusiveMinimum": 0}}
        })
    }

    fn compile(raw: Raw, _at: &Location) -> Result<Self, Vec<Located>> {
        let h = raw.max_age_hours.value;
        if h.is_nan() || h <= 0.0 {
            return Err(vec![Located::at(
                &raw.max_age_hours.referenced,
                "max-age-hours must be a positive number",
            )]);
        }
        Ok(Self { max_age_hours: h })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let Some(db) = &s.database else {
            return Outcome::Found(vec![Evidence {
                subject: "no vulnerability database was used".into(),
                rank: f64::MAX,
                ..Evidence::default()
            }]);
        };
        #[allow(
            clippy::cast_precision_loss,
            reason = "hours of a Unix-time difference"
        )]
        let age = (s.now - db.updated_at) as f64 / 3600.0;
        if age > self.max_age_hours {
            return Outcome::Found(vec![Evidence {
                subject: format!(
                    "the vulnerability database is {age:.1} hours old; at most {} allowed",
                    self.max_age_hours
                ),
                rank: age,
                ..Evidence::default()
            }]);
        }
        Outcome::Found(Vec::new())
    }
}
