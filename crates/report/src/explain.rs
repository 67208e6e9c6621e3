//! `bosun explain`'s answer as text (for people) or JSON: why a
//! vulnerability is or is not reported for each package it concerns, or,
//! without a target, the advisory records behind it.

use std::fmt::Write as _;

use bosun_types::Sbom;
use bosun_types::explain::Explanation;
use bosun_types::osv::Advisory;

/// The JSON answer (explanations or records), pretty, newline-terminated.
pub fn json<T: serde::Serialize + ?Sized>(v: &T) -> Result<String, crate::Error> {
    Ok(crate::error::to_json("explain JSON", v)? + "\n")
}

/// The text answer for `id` about the packages of `sbom`.
pub fn render_explanations(id: &str, sbom: &Sbom, found: &[Explanation]) -> String {
    let mut s = String::new();
    if found.is_empty() {
        let _ = writeln!(
            s,
            "{id}: no installed package of {} is named by its advisories.",
            sbom.image.reference
        );
        return s;
    }
    for e in found {
        let p = &e.package;
        let _ = writeln!(
            s,
            "{} {} ({}, {} {}): {}",
            p.name,
            p.version,
            p.kind,
            p.ecosystem,
            p.matched_name,
            if e.affected {
                "AFFECTED"
            } else {
                "not affected"
            }
        );
        if let Some(f) = &e.finding {
            let mut ids = vec![f.id.clone()];
            ids.extend(f.aliases.iter().cloned());
            let _ = writeln!(s, "  ids:       {}", ids.join(", "));
            let _ = writeln!(
                s,
                "  severity:  {}{}",
                f.severity,
                f.score
                    .as_ref()
                    .map(|sc| format!(
                        " (from {}{}{})",
                        sc.source,
                        sc.cvss_version
                            .as_deref()
                            .map(|v| format!(", CVSS {v}"))
                            .unwrap_or_default(),
                        sc.base_score
                            .map(|b| format!(" {b:.1}"))
                            .unwrap_or_default()
                    ))
                    .unwrap_or_default()
            );
            if let Some(rule) = f.severity_rule {
                let _ = writeln!(s, "  rated by:  the {rule} step of the severity precedence");
            }
            // Every score known for the ids, marking the one the rating used.
            for sc in &f.scores {
                let used = f.score.as_ref().is_some_and(|c| {
                    c.base_score == Some(sc.base_score)
                        && c.cvss_version.as_deref() == Some(sc.version.as_str())
                        && c.vector == sc.vector
                        && (c.source == sc.source || c.source == "cvss")
                });
                let _ = writeln!(
                    s,
                    "  score:     {:.1} CVSS {} from {} ({}{}) for {}{}{}",
                    sc.base_score,
                    sc.version,
                    sc.source,
                    sc.origin,
                    sc.kind
                        .as_deref()
                        .map(|k| format!(", {k}"))
                        .unwrap_or_default(),
                    sc.id,
                    sc.vector
                        .as_deref()
                        .map(|v| format!(" {v}"))
                        .unwrap_or_default(),
                    if used { "  <- used" } else { "" }
                );
            }
            if let Some(k) = &f.kev {
                let _ = writeln!(
                    s,
                    "  KEV:       {} listed {} (due {}){}",
                    k.id,
                    k.date_added,
                    k.due_date.as_deref().unwrap_or("-"),
                    if k.ransomware {
                        ", used by ransomware"
                    } else {
                        ""
                    }
                );
            }
            if let Some(e) = &f.epss {
                let _ = writeln!(
                    s,
                    "  EPSS:      {} {:.5} (percentile {:.5}{})",
                    e.id,
                    e.score,
                    e.percentile,
                    e.date
                        .as_deref()
                        .map(|d| format!(", {d}"))
                        .unwrap_or_default()
                );
            }
            if let Some(d) = &f.distro_status {
                let _ = writeln!(
                    s,
                    "  tracker:   {} {} in {}: {}{}{}",
                    d.package,
                    d.id,
                    d.release,
                    d.status,
                    d.urgency
                        .as_deref()
                        .map(|u| format!(", urgency {u}"))
                        .unwrap_or_default(),
                    f.will_not_fix
                        .as_deref()
                        .map(|w| format!(", will not fix ({w})"))
                        .unwrap_or_default()
                );
            }
            let _ = writeln!(
                s,
                "  fixed in:  {}",
                if f.fixed_versions.is_empty() {
                    "no fix published".to_owned()
                } else {
                    f.fixed_versions.join(", ")
                }
            );
            if let Some(l) = &f.layer {
                let _ = writeln!(
                    s,
                    "  layer:     {}{}",
                    l.index,
                    f.created_by
                        .as_deref()
                        .map(|c| format!(" ({c})"))
                        .unwrap_or_default()
                );
            }
            if let Some(sup) = &f.suppressed {
                let _ = writeln!(
                    s,
                    "  suppressed: {} by {} {}",
                    sup.status, sup.kind, sup.source
                );
            }
            if let Some(u) = &f.url {
                let _ = writeln!(s, "  advisory:  {u}");
            }
        }
        for p in &p.paths {
            let _ = writeln!(s, "  found in:  {p}");
        }
        for ev in &e.evidence {
            let _ = writeln!(s, "  record {} ({}):", ev.advisory, ev.affected);
            let _ = writeln!(s, "    range:      {}", ev.range);
            let _ = writeln!(s, "    comparison: {} ({})", ev.comparison, ev.scheme);
        }
        for pr in &e.problems {
            let _ = writeln!(s, "  note: {pr}");
        }
        s.push('\n');
    }
    s
}

/// The text answer without a target: the advisory records and the
/// versions they say are affected.
pub fn render_records(records: &[Advisory]) -> String {
    let mut s = String::new();
    for a in records {
        let _ = writeln!(s, "{}", a.id);
        if !a.aliases.is_empty() {
            let _ = writeln!(s, "  aliases:   {}", a.aliases.join(", "));
        }
        if !a.upstream.is_empty() {
            let _ = writeln!(s, "  upstream:  {}", a.upstream.join(", "));
        }
        if let Some(sum) = &a.summary {
            let _ = writeln!(s, "  summary:   {sum}");
        }
        if let Some(w) = &a.withdrawn {
            let _ = writeln!(s, "  WITHDRAWN: {w} (never matches)");
        }
        for sev in &a.severity {
            let _ = writeln!(s, "  severity:  {} {}", sev.kind, sev.score);
        }
        for af in &a.affected {
            let pkg = af
                .package
                .as_ref()
                .map(|p| format!("{} {}", p.ecosystem, p.name))
                .unwrap_or_else(|| "(no package)".into());
            let _ = writeln!(s, "  affected:  {pkg}");
            for r in &af.ranges {
                let events: Vec<String> = r
                    .events
                    .iter()
                    .map(|e| format!("{} {}", e.key(), e.version()))
                    .collect();
                let note = if r.kind.is_version_range() {
                    ""
                } else {
                    " (not used for packages)"
                };
                let _ = writeln!(
                    s,
                    "    {} range: {}{note}",
                    r.kind.as_str(),
                    events.join(", ")
                );
            }
            if !af.versions.is_empty() {
                let shown: Vec<&str> = af.versions.iter().take(12).map(String::as_str).collect();
                let more = af.versions.len().saturating_sub(shown.len());
                let _ = writeln!(
                    s,
                    "    versions: {}{}",
                    shown.join(", "),
                    if more > 0 {
                        format!(" … (+{more})")
                    } else {
                        String::new()
                    }
                );
            }
        }
        if let Some(r) = a.references.first() {
            let _ = writeln!(s, "  reference: {}", r.url);
        }
        s.push('\n');
    }
    s
}
