//! Human-readable output: one line per finding, then a summary.

use bosun_types::lint::{Finding, Severity};

use super::Options;

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn sev_color(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Info => "36",
        Severity::Style | Severity::Ignore => "2",
    }
}

pub(super) fn render(findings: &[Finding], opts: Options) -> String {
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}:{}:{} {} {}: {}\n",
            f.file,
            f.line,
            f.column,
            paint(&f.code, "1", opts.color),
            paint(f.severity.as_str(), sev_color(f.severity), opts.color),
            f.message
        ));
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    let files = opts.files.max(
        findings
            .iter()
            .map(|f| &f.file)
            .collect::<std::collections::HashSet<_>>()
            .len(),
    );
    if findings.is_empty() {
        out.push_str(&format!("{files} file(s) linted, no findings\n"));
    } else {
        out.push_str(&format!(
            "{files} file(s) linted: {} finding(s) ({} error, {} warning, {} info, {} style)\n",
            findings.len(),
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
            count(Severity::Style),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(render(
            &crate::lint::fixtures::findings(),
            Options {
                color: false,
                files: 2,
                rules: None,
            }
        ));
    }

    #[test]
    fn empty() {
        insta::assert_snapshot!(render(&[], Options { color: false, files: 1, rules: None }), @"1 file(s) linted, no findings");
    }
}
