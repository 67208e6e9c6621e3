//! Renderers for `bosun lint` findings, one module per format.

mod checkstyle;
mod gitlab;
mod json;
mod sarif;
mod tty;

use bosun_types::lint::Finding;

use crate::format::FormatInfo;

/// The formats `bosun lint --format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Human-readable lines, optionally coloured.
    Tty,
    /// A JSON list of findings.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// Checkstyle XML.
    Checkstyle,
    /// GitLab code quality report (JSON).
    Gitlab,
}

/// The registry of lint formats, in `--help` order.
pub const FORMATS: &[FormatInfo<Format>] = &[
    FormatInfo {
        name: "tty",
        description: "Human-readable lines",
        format: Format::Tty,
    },
    FormatInfo {
        name: "json",
        description: "A JSON list of findings (file, line, column, code, severity, message)",
        format: Format::Json,
    },
    FormatInfo {
        name: "sarif",
        description: "SARIF 2.1.0 (GitHub code scanning)",
        format: Format::Sarif,
    },
    FormatInfo {
        name: "checkstyle",
        description: "Checkstyle XML",
        format: Format::Checkstyle,
    },
    FormatInfo {
        name: "gitlab",
        description: "GitLab code quality report",
        format: Format::Gitlab,
    },
];

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// ANSI colours (tty only).
    pub color: bool,
    /// Number of files linted, for the tty summary.
    pub files: usize,
    /// Rule descriptions (SARIF): `bosun_dockerfile::rules::info`.
    pub rules: Option<bosun_types::lint::RuleLookup>,
}

/// Renders `findings` in `format`. The output ends with a newline.
pub fn render(format: Format, findings: &[Finding], opts: Options) -> Result<String, crate::Error> {
    Ok(match format {
        Format::Tty => tty::render(findings, opts),
        Format::Json => json::render(findings)?,
        Format::Sarif => sarif::render(findings, opts.rules)?,
        Format::Checkstyle => checkstyle::render(findings),
        Format::Gitlab => gitlab::render(findings),
    })
}

#[cfg(test)]
pub(crate) mod fixtures {
    use bosun_types::lint::{Finding, Severity};

    /// A small, varied set of findings for snapshots.
    pub(crate) fn findings() -> Vec<Finding> {
        let f = |file: &str, line, column, code: &str, severity, message: &str| Finding {
            file: file.into(),
            line,
            column,
            code: code.into(),
            severity,
            message: message.into(),
        };
        vec![
            f(
                "Dockerfile",
                1,
                1,
                "DL3006",
                Severity::Warning,
                "Always tag the version of an image explicitly.",
            ),
            f(
                "Dockerfile",
                3,
                1,
                "DL3008",
                Severity::Warning,
                "Pin versions in apt get install.",
            ),
            f(
                "Dockerfile",
                3,
                1,
                "DL3009",
                Severity::Info,
                "Delete the apt-get lists after installing something.",
            ),
            f(
                "sub dir/app.Dockerfile",
                7,
                3,
                "DL3000",
                Severity::Error,
                "Use absolute WORKDIR & <escape> \"me\".",
            ),
            f(
                "sub dir/app.Dockerfile",
                9,
                1,
                "DL3048",
                Severity::Style,
                "Invalid label key.",
            ),
        ]
    }
}
