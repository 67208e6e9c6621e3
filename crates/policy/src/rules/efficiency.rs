//! `efficiency`: the space an image wastes, in dive's measures — the
//! efficiency score, wasted bytes and the wasted share of the layers above
//! the base — and the build tools left in its final filesystem.
//!
//! The thresholds mirror dive's CI rules (`lowestEfficiency`,
//! `highestWastedBytes`, `highestUserWastedPercent`) so a team moving from
//! `dive --ci` keeps its numbers.

use serde::Deserialize;
use serde_json::json;
use serde_saphyr::{Location, Spanned};

use super::{ImageChecks, Outcome, RuleKind};
use crate::error::Located;
use crate::subject::Subject;
use crate::verdict::Evidence;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    #[serde(default)]
    min_score: Option<Spanned<f64>>,
    #[serde(default)]
    max_wasted_bytes: Option<u64>,
    #[serde(default)]
    max_wasted_user_percent: Option<Spanned<f64>>,
    #[serde(default)]
    max_duplicated_bytes: Option<u64>,
    #[serde(default)]
    build_tools: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Efficiency {
    min_score: Option<f64>,
    max_wasted_bytes: Option<u64>,
    max_wasted_user_percent: Option<f64>,
    max_duplicated_bytes: Option<u64>,
    build_tools: bool,
}

/// How many rewritten paths the wasted-bytes evidence names.
const PATHS_SHOWN: usize = 3;

impl RuleKind for Efficiency {
    type Raw = Raw;
    const NAME: &'static str = "efficiency";
    const SUMMARY: &'static str =
        "dive's efficiency score, wasted bytes and share, build tools left in the image";
    const EXPLAIN: &'static str = "\
Reads the measures `bosun scan --scanners efficiency` takes (the gate takes
them when a policy has an `efficiency` rule; docs/efficiency.md gives the
formulas). Each parameter set adds a check; the first three are dive's CI
thresholds under bosun's names.

  min-score: 0.95                  efficiency score below this (0 to 1;
                                   dive's lowestEfficiency)
  max-wasted-bytes: 20000000       bytes of files rewritten or deleted by a
                                   later layer above this (highestWastedBytes)
  max-wasted-user-percent: 10      wasted bytes as a percentage of the layers
                                   above the base (highestUserWastedPercent,
                                   here 0 to 100)
  max-duplicated-bytes: 10000000   bytes of identical files (4 KiB or more)
                                   that several layers left at different paths
  build-tools: true                compilers and build packages left in the
                                   final filesystem (use a multi-stage build)

Example:
  - id: lean-images
    action: warn
    message: Clean up in the layer that makes the mess, or build in a separate stage
    efficiency:
      min-score: 0.95
      max-wasted-bytes: 20000000
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
                "min-score": {"type": "number", "minimum": 0, "maximum": 1},
                "max-wasted-bytes": {"type": "integer", "minimum": 0},
                "max-wasted-user-percent": {"type": "number", "minimum": 0, "maximum": 100},
                "max-duplicated-bytes": {"type": "integer", "minimum": 0},
                "build-tools": {"type": "boolean"}
            }
        })
    }

    fn compile(raw: Raw, at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        if let Some(s) = &raw.min_score
            && !(0.0..=1.0).contains(&s.value)
        {
            errors.push(Located::at(
                &s.referenced,
                format!(
                    "min-score {} is not between 0 and 1 (0.95 means 95%)",
                    s.value
                ),
            ));
        }
        if let Some(p) = &raw.max_wasted_user_percent
            && !(0.0..=100.0).contains(&p.value)
        {
            errors.push(Located::at(
                &p.referenced,
                format!(
                    "max-wasted-user-percent {} is not between 0 and 100",
                    p.value
                ),
            ));
        }
        let any = raw.min_score.is_some()
            || raw.max_wasted_bytes.is_some()
            || raw.max_wasted_user_percent.is_some()
            || raw.max_duplicated_bytes.is_some()
            || raw.build_tools;
        if !any && errors.is_empty() {
            errors.push(Located::at(at, "efficiency: no check is turned on"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            min_score: raw.min_score.map(|s| s.value),
            max_wasted_bytes: raw.max_wasted_bytes,
            max_wasted_user_percent: raw.max_wasted_user_percent.map(|p| p.value),
            max_duplicated_bytes: raw.max_duplicated_bytes,
            build_tools: raw.build_tools,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let Some(e) = s.efficiency else {
            return Outcome::Skipped("the efficiency measures were not taken".into());
        };
        // Evidence ranks: the thresholds in the order dive's CI reports
        // them, then duplicates, then each build tool.
        let mut out = Vec::new();
        let worst: Vec<String> = e
            .inefficient
            .iter()
            .filter(|p| p.cumulative_bytes > 0)
            .take(PATHS_SHOWN)
            .map(|p| format!("{} ({} bytes, x{})", p.path, p.cumulative_bytes, p.count))
            .collect();
        let worst = if worst.is_empty() {
            String::new()
        } else {
            format!("; most: {}", worst.join(", "))
        };
        if let Some(min) = self.min_score
            && e.score < min
        {
            out.push(Evidence {
                subject: format!("efficiency score {:.4} is below {min}{worst}", e.score),
                rank: 4.0,
                ..Evidence::default()
            });
        }
        if let Some(max) = self.max_wasted_bytes
            && e.wasted_bytes > max
        {
            out.push(Evidence {
                subject: format!("{} wasted bytes; at most {max}{worst}", e.wasted_bytes),
                rank: 3.0,
                ..Evidence::default()
            });
        }
        if let Some(max) = self.max_wasted_user_percent {
            let pct = e.wasted_user_percent * 100.0;
            if pct > max {
                out.push(Evidence {
                    subject: format!(
                        "{pct:.2}% of the layers above the base is wasted; at most {max}%{worst}"
                    ),
                    rank: 2.0,
                    ..Evidence::default()
                });
            }
        }
        if let Some(max) = self.max_duplicated_bytes
            && e.duplicated_bytes > max
        {
            let most: Vec<String> = e
                .duplicates
                .iter()
                .take(PATHS_SHOWN)
                .map(|d| format!("{} ({} bytes)", d.paths.join(" = "), d.size_bytes))
                .collect();
            out.push(Evidence {
                subject: format!(
                    "{} bytes of identical files from several layers; at most {max}; most: {}",
                    e.duplicated_bytes,
                    most.join(", ")
                ),
                rank: 1.5,
                ..Evidence::default()
            });
        }
        if self.build_tools {
            for t in &e.build_tools {
                let path = (!t.evidence.starts_with("package:")).then(|| t.evidence.clone());
                out.push(Evidence {
                    subject: format!("build tool {} left in the image ({})", t.name, t.evidence),
                    path,
                    layer: t.layer,
                    rank: 1.0,
                    ..Evidence::default()
                });
            }
        }
        Outcome::Found(out)
    }

    fn image_checks(&self) -> ImageChecks {
        ImageChecks {
            config: false,
            efficiency: true,
        }
    }
}
