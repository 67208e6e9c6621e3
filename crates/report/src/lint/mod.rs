//! Renderers for `bosun lint` findings, one module per format.

mod checkstyle;
mod gitlab;
mod json;
mod sarif;
mod tty;

use bosun_dockerfile::Finding;

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

/// Rendering options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// ANSI colours (tty only).
    pub color: bool,
    /// Number of files linted, for the tty summary.
    pub files: usize,
}

/// Renders `findings` in `format`. The output ends with a newline.
pub fn render(format: Format, findings: &[Finding], opts: Options) -> String {
    match format {
        Format::Tty => tty::render(findings, opts),
        Format::Json => json::render(findings),
        Format::Sarif => sarif::render(findings),
        Format::Checkstyle => checkstyle::render(findings),
        Format::Gitlab => gitlab::render(findings),
    }
}

#[cfg(test)]
pub(crate) mod fixtures {
    use bosun_dockerfile::{Finding, Severity};

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
