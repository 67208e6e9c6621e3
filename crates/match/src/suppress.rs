//! Applying ignore files and VEX documents to a report. Suppressed
//! findings stay in the report, marked with what suppressed them; the
//! outputs decide whether to show them. Ignore entries are applied first
//! (the user's own decision), then VEX statements.

use crate::ignore::{IgnoreEntry, IgnoreFile};
use crate::vex::{Vex, VexStatement};
use bosun_types::date::Date;
use bosun_types::finding::{ExpiredIgnore, Report, Suppression};

/// Marks the findings of `report` that an unexpired ignore entry or a
/// suppressing VEX statement names. Returns the expired ignore entries
/// (also stored in `report.expired_ignores`).
pub fn suppress(
    report: &mut Report,
    ignores: &[IgnoreFile],
    vex: &[Vex],
    today: Date,
) -> Vec<ExpiredIgnore> {
    let mut expired = Vec::new();
    for file in ignores {
        for e in &file.entries {
            if let Some(d) = e.expires.filter(|_| e.expired(today)) {
                expired.push(ExpiredIgnore {
                    source: file.source.clone(),
                    id: e.id.clone(),
                    package: e.package.clone(),
                    path: e.path.clone(),
                    reason: e.reason.clone(),
                    expires: d.to_string(),
                });
            }
        }
    }
    let mut marks: Vec<Option<Suppression>> = vec![None; report.findings.len()];
    for (i, f) in report.findings.iter().enumerate() {
        if f.suppressed.is_some() {
            continue;
        }
        let by_ignore = by_ignore_file(ignores, today, |e| e.matches(f));
        if by_ignore.is_some() {
            marks[i] = by_ignore;
            continue;
        }
        // The latest statement about the finding decides.
        let mut latest: Option<(&Vex, &VexStatement)> = None;
        for doc in vex {
            for s in &doc.statements {
                if !s.matches(report, f) {
                    continue;
                }
                let newer = match (&latest, &s.timestamp) {
                    (None, _) => true,
                    (Some((_, l)), Some(t)) => l.timestamp.as_ref().is_none_or(|lt| t >= lt),
                    (Some(_), None) => true,
                };
                if newer {
                    latest = Some((doc, s));
                }
            }
        }
        if let Some((doc, s)) = latest.filter(|(_, s)| s.status.suppresses()) {
            marks[i] = Some(Suppression {
                kind: "vex".to_owned(),
                source: doc.source.clone(),
                status: s.status.as_str().to_owned(),
                justification: s.justification.clone(),
                expires: None,
            });
        }
    }
    for (f, m) in report.findings.iter_mut().zip(marks) {
        if m.is_some() {
            f.suppressed = m;
        }
    }
    // Secrets: the ignore file only (VEX speaks of vulnerabilities).
    for s in report.secrets.iter_mut().filter(|s| s.suppressed.is_none()) {
        s.suppressed = by_ignore_file(ignores, today, |e| e.matches_secret(s));
    }
    // Image checks likewise: the entry's id is the check's code.
    for c in report.config.iter_mut().filter(|c| c.suppressed.is_none()) {
        c.suppressed = by_ignore_file(ignores, today, |e| e.matches_config(c));
    }
    report.expired_ignores.extend(expired.iter().cloned());
    expired
}

/// The suppression of the first unexpired ignore entry that `hit` accepts.
fn by_ignore_file(
    ignores: &[IgnoreFile],
    today: Date,
    hit: impl Fn(&IgnoreEntry) -> bool,
) -> Option<Suppression> {
    ignores.iter().find_map(|file| {
        file.entries
            .iter()
            .find(|e| !e.expired(today) && hit(e))
            .map(|e| Suppression {
                kind: "ignore-file".to_owned(),
                source: file.source.clone(),
                status: "ignored".to_owned(),
                justification: Some(e.reason.clone()),
                expires: e.expires.map(|d| d.to_string()),
            })
    })
}
