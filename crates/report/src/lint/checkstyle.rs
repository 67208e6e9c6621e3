//! Checkstyle XML, grouped by file, as Jenkins and many CI tools read it.

use bosun_types::lint::{Finding, Severity};

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // XML 1.0 cannot carry most control characters at all.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => o.push(c),
        }
    }
    o
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style | Severity::Ignore => "info",
    }
}

pub(super) fn render(findings: &[Finding]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    let mut files: Vec<&str> = Vec::new();
    for f in findings {
        if !files.contains(&f.file.as_str()) {
            files.push(&f.file);
        }
    }
    for file in files {
        out.push_str(&format!("  <file name=\"{}\">\n", escape(file)));
        for f in findings.iter().filter(|f| f.file == file) {
            out.push_str(&format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"bosun.{}\"/>\n",
                f.line,
                f.column,
                severity(f.severity),
                escape(&f.message),
                escape(&f.code)
            ));
        }
        out.push_str("  </file>\n");
    }
    out.push_str("</checkstyle>\n");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&crate::lint::fixtures::findings()));
    }
}
