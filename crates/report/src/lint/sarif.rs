//! Lint findings as SARIF 2.1.0, rules described from their docs.

use bosun_types::lint::{Finding, RuleLookup, Severity};

use crate::sarif::{
    ArtifactLocation, Configuration, Driver, Level, Location, Log, Message, MultiformatMessage,
    PhysicalLocation, Region, ReportingDescriptor, Run, SarifResult, Tool, path_to_uri,
};

fn level(s: Severity) -> Level {
    match s {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info | Severity::Style => Level::Note,
        Severity::Ignore => Level::None,
    }
}

fn descriptor(code: &str, rules: Option<RuleLookup>) -> ReportingDescriptor {
    let (summary, what, why, example, fix, sev) = match rules.and_then(|find| find(code)) {
        Some(r) => {
            let d = r.doc;
            (
                r.summary.to_string(),
                d.what,
                d.why,
                d.example,
                d.fix,
                r.severity,
            )
        }
        None => (
            "Dockerfile parse error".to_string(),
            "The file could not be parsed.",
            "",
            "",
            "",
            Severity::Error,
        ),
    };
    ReportingDescriptor {
        id: code.to_string(),
        short_description: Message { text: summary },
        full_description: Message {
            text: format!("{what} {why}").trim().to_string(),
        },
        help: MultiformatMessage {
            text: format!("{what}\nWhy: {why}\nExample:\n{example}\nFix:\n{fix}"),
            markdown: format!(
                "{what}\n\n**Why:** {why}\n\n**Example**\n```dockerfile\n{example}\n```\n\n**Fix**\n```dockerfile\n{fix}\n```"
            ),
        },
        default_configuration: Configuration { level: level(sev) },
    }
}

pub(super) fn render(
    findings: &[Finding],
    rules: Option<RuleLookup>,
) -> Result<String, crate::Error> {
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    let rules: Vec<ReportingDescriptor> = codes.iter().map(|c| descriptor(c, rules)).collect();
    let results = findings
        .iter()
        .map(|f| SarifResult {
            rule_id: f.code.clone(),
            rule_index: codes.binary_search(&f.code.as_str()).unwrap_or(0),
            level: level(f.severity),
            message: Message {
                text: f.message.clone(),
            },
            locations: vec![Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation {
                        uri: path_to_uri(&f.file),
                    },
                    region: Region {
                        start_line: f.line.max(1),
                        start_column: f.column.max(1),
                    },
                },
            }],
        })
        .collect();
    let log = Log::new(Run {
        tool: Tool {
            driver: Driver {
                name: "bosun".into(),
                version: env!("CARGO_PKG_VERSION").into(),
                information_uri: env!("CARGO_PKG_REPOSITORY").into(),
                rules,
            },
        },
        results,
    });
    let mut s = crate::error::to_json("SARIF", &log)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value = serde_json::from_str(
            &super::render(
                &crate::lint::fixtures::findings(),
                Some(bosun_dockerfile::rules::info),
            )
            .unwrap(),
        )
        .unwrap();
        insta::assert_json_snapshot!(v);
    }
}
