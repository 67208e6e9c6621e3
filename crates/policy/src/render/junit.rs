//! The JUnit verdict, as Jenkins, GitLab and most CI test reports read
//! it: a test suite per platform, a test case per rule. A rule that fails
//! with `stop` is a failure; one that fails with `warn` is a failure only
//! under `--strict` (otherwise the warning is in the case's output, and
//! the build stays green as the gate does); a skipped rule is skipped.

use crate::file::Action;
use crate::verdict::{Status, Verdict};

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

pub(super) fn render(v: &Verdict) -> String {
    let mut suites = String::new();
    let (mut total, mut failed, mut skipped) = (0, 0, 0);
    for p in &v.platforms {
        let name = match &p.image.platform {
            Some(pl) if v.platforms.len() > 1 => format!("{} [{pl}]", p.image.reference),
            _ => p.image.reference.clone(),
        };
        let mut cases = String::new();
        let (mut f, mut s) = (0, 0);
        for r in &p.rules {
            cases.push_str(&format!(
                "    <testcase classname=\"{}.{}\" name=\"{}\" time=\"0\">\n",
                escape(&v.policy.name),
                r.kind,
                escape(&r.id)
            ));
            let mut detail = String::new();
            for e in &r.evidence {
                detail.push_str(&e.subject);
                detail.push('\n');
            }
            if r.count > r.evidence.len() {
                detail.push_str(&format!("… {} more\n", r.count - r.evidence.len()));
            }
            let fails = r.status == Status::Fail
                && (r.action == Action::Stop || (r.action == Action::Warn && v.strict));
            match r.status {
                Status::Fail if fails => {
                    f += 1;
                    cases.push_str(&format!(
                        "      <failure type=\"{}\" message=\"{} ({} found)\">{}</failure>\n",
                        r.action.as_str(),
                        escape(&r.message),
                        r.count,
                        escape(&detail)
                    ));
                }
                Status::Fail => cases.push_str(&format!(
                    "      <system-out>{}: {} ({} found)\n{}</system-out>\n",
                    r.action.as_str(),
                    escape(&r.message),
                    r.count,
                    escape(&detail)
                )),
                Status::Skipped => {
                    s += 1;
                    cases.push_str(&format!(
                        "      <skipped message=\"{}\"/>\n",
                        escape(r.note.as_deref().unwrap_or("skipped"))
                    ));
                }
                Status::Pass => {}
            }
            cases.push_str("    </testcase>\n");
        }
        total += p.rules.len();
        failed += f;
        skipped += s;
        suites.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{f}\" errors=\"0\" skipped=\"{s}\" timestamp=\"{}\">\n    <properties>\n      <property name=\"digest\" value=\"{}\"/>\n      <property name=\"verdict\" value=\"{}\"/>\n      <property name=\"policy\" value=\"{}\"/>\n      <property name=\"policy-sha256\" value=\"{}\"/>\n    </properties>\n{cases}  </testsuite>\n",
            escape(&name),
            p.rules.len(),
            escape(v.time.trim_end_matches('Z')),
            escape(p.image.digest.as_deref().unwrap_or("")),
            p.verdict.as_str(),
            escape(&v.policy.file),
            v.policy.sha256,
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bosun gate: {}\" tests=\"{total}\" failures=\"{failed}\" errors=\"0\" skipped=\"{skipped}\">\n{suites}</testsuites>\n",
        escape(super::decision_word(v))
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixtures::verdict()));
    }
}
