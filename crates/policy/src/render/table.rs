//! The table verdict: for each platform, one line per rule (rule, kind,
//! action, status, count, the worst evidence), the messages of the rules
//! that failed, the exceptions applied and expired, then the decision.

use crate::verdict::{Status, Verdict};

pub(super) fn render(v: &Verdict) -> String {
    let mut out = String::new();
    for (i, p) in v.platforms.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(&format!(
            "{} {}{}\npolicy {} ({}{})\n",
            p.image.reference,
            p.image.digest.as_deref().unwrap_or(""),
            p.image
                .platform
                .as_deref()
                .filter(|_| v.platforms.len() > 1)
                .map(|pl| format!(" ({pl}: {})", p.verdict.as_str()))
                .unwrap_or_default(),
            v.policy.name,
            v.policy.file,
            v.policy
                .mapping
                .as_deref()
                .map(|m| format!(", mapping {m}"))
                .unwrap_or_default(),
        ));
        if let Some(b) = &p.base {
            out.push_str(&format!(
                "base {}{} (found by {}{})\n",
                b.reference,
                b.digest
                    .as_deref()
                    .map(|d| format!("@{d}"))
                    .unwrap_or_default(),
                b.found_by,
                p.base_layers
                    .map(|n| format!(", its {n} layer{}", if n == 1 { "" } else { "s" }))
                    .unwrap_or_default(),
            ));
        }
        out.push('\n');
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING);
        t.set_header([
            "RULE",
            "KIND",
            "ACTION",
            "STATUS",
            "COUNT",
            "WORST EVIDENCE",
        ]);
        for r in &p.rules {
            let worst = r
                .evidence
                .first()
                .map(|e| e.subject.clone())
                .or_else(|| r.note.clone())
                .unwrap_or_default();
            let status = match r.status {
                Status::Pass => "pass",
                Status::Fail => "FAIL",
                Status::Skipped => "skipped",
            };
            t.add_row([
                r.id.clone(),
                r.kind.to_owned(),
                r.action.as_str().to_owned(),
                status.to_owned(),
                r.count.to_string(),
                worst,
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
        for r in p.rules.iter().filter(|r| r.status == Status::Fail) {
            out.push_str(&format!(
                "\n{} ({}): {}",
                r.id,
                r.action.as_str(),
                r.message
            ));
        }
        for r in &p.rules {
            for a in &r.allowed {
                out.push_str(&format!(
                    "\nallowed: {} for rule {} by {} until {}: {}",
                    a.evidence.subject, r.id, a.entry.owner, a.entry.expires, a.entry.reason
                ));
            }
        }
        for e in &p.expired_allowlist {
            out.push_str(&format!(
                "\nexpired allowlist entry: rule {} match {} (owner {}) expired {}; it no longer applies",
                e.rule, e.what, e.owner, e.expires
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("\nverdict: {}\n", super::decision_word(v)));
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&super::super::fixtures::verdict()));
    }
}
