//! The table: the image, one row per finding (most severe first) with the
//! package, installed and fixed versions and the layer that brought the
//! package in, then the counts per severity. Suppressed findings are only
//! counted; packages that could not be evaluated are listed after.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use bosun_types::{FixStatus, Report, Severity};
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};

use super::{Options, severity_name, sorted};

fn color(s: Severity) -> Color {
    match s {
        Severity::Critical => Color::Red,
        Severity::High => Color::DarkRed,
        Severity::Medium => Color::Yellow,
        Severity::Low => Color::Blue,
        Severity::Negligible | Severity::Unknown => Color::Grey,
    }
}

/// A table in the report's style, coloured only when asked.
fn new_table(opts: &Options) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Disabled);
    if opts.color {
        t.enforce_styling();
    } else {
        t.force_no_tty();
    }
    t
}

/// The severity's name, in its colour when colour is on.
fn severity_cell(s: Severity, opts: &Options) -> Cell {
    let cell = Cell::new(severity_name(s));
    if opts.color { cell.fg(color(s)) } else { cell }
}

pub(super) fn render(report: &Report, opts: &Options) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "Image: {}", report.image.reference);
    let shown: Vec<_> = sorted(report)
        .into_iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    if !shown.is_empty() {
        let mut t = new_table(opts);
        t.set_header(vec![
            "Severity",
            "ID",
            "Score (source)",
            "Package",
            "Installed",
            "Fixed in",
            "Layer",
            "Summary",
        ]);
        for f in &shown {
            let sev = severity_cell(f.severity, opts);
            let fixed = match f.status {
                FixStatus::Fixed => f.fixed_versions.join(", "),
                FixStatus::Unfixed => match &f.will_not_fix {
                    Some(why) => format!("(will not fix: {why})"),
                    None => "(no fix)".into(),
                },
            };
            // The score behind the severity and who published it; KEV
            // listing is shown here because it outranks any score.
            let mut score = match &f.score {
                Some(sc) => match sc.base_score {
                    Some(b) => format!("{b:.1} ({})", sc.source),
                    None => format!("- ({})", sc.source),
                },
                None => "-".into(),
            };
            if f.kev.is_some() {
                score.push_str(" KEV");
            }
            let layer = f
                .layer
                .as_ref()
                .map(|l| l.index.to_string())
                .unwrap_or_else(|| "-".into());
            let mut summary = f.summary.clone().unwrap_or_default();
            if summary.chars().count() > 60 {
                summary = summary.chars().take(59).collect::<String>() + "…";
            }
            t.add_row(vec![
                sev,
                Cell::new(&f.id),
                Cell::new(score),
                Cell::new(&f.package.name),
                Cell::new(&f.package.version),
                Cell::new(fixed),
                Cell::new(layer),
                Cell::new(summary),
            ]);
        }
        let _ = writeln!(s, "{t}");
    }
    let mut counts: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in &shown {
        *counts.entry(f.severity).or_default() += 1;
    }
    let parts: Vec<String> = Severity::ALL
        .iter()
        .map(|sev| format!("{}: {}", severity_name(*sev), counts.get(sev).unwrap_or(&0)))
        .collect();
    let _ = writeln!(s, "Total: {} ({})", shown.len(), parts.join(", "));
    let unfixed = shown
        .iter()
        .filter(|f| f.status == FixStatus::Unfixed)
        .count();
    if unfixed > 0 {
        let _ = writeln!(s, "Without a fix: {unfixed}");
    }
    secrets(report, opts, &mut s);
    checks(report, opts, &mut s);
    efficiency(report, &mut s);
    let suppressed: Vec<_> = report
        .findings
        .iter()
        .filter_map(|f| f.suppressed.as_ref().map(|sup| (f, sup)))
        .collect();
    if !suppressed.is_empty() {
        let _ = writeln!(s, "Suppressed: {}", suppressed.len());
        for (f, sup) in suppressed {
            let _ = writeln!(
                s,
                "  {} in {} {}: {} ({}, {}){}",
                f.id,
                f.package.name,
                f.package.version,
                sup.status,
                sup.kind,
                sup.source,
                sup.justification
                    .as_deref()
                    .map(|j| format!(": {j}"))
                    .unwrap_or_default()
            );
        }
    }
    if report.filtered > 0 {
        let _ = writeln!(
            s,
            "Filtered out (--severity, --min-cvss, --kev, --min-epss, --ignore-unfixed): {}",
            report.filtered
        );
    }
    if !report.expired_ignores.is_empty() {
        let _ = writeln!(
            s,
            "Expired ignore entries (no longer applied): {}",
            report.expired_ignores.len()
        );
        for e in &report.expired_ignores {
            let _ = writeln!(
                s,
                "  {}{} in {}: expired {} ({})",
                e.id,
                e.package
                    .as_deref()
                    .map(|p| format!(" for {p}"))
                    .unwrap_or_default(),
                e.source,
                e.expires,
                e.reason
            );
        }
    }
    if !report.unmatched.is_empty() {
        let _ = writeln!(
            s,
            "Not evaluated (version not comparable): {}",
            report.unmatched.len()
        );
        for u in &report.unmatched {
            let _ = writeln!(
                s,
                "  {} {} against {}: {}",
                u.package.name, u.package.version, u.advisory, u.reason
            );
        }
    }
    s
}

/// The image checks table (`--scanners config,efficiency`), most severe
/// first; `bosun scan --explain CODE` says why each matters.
fn checks(report: &Report, opts: &Options, s: &mut String) {
    if report.config.is_empty() {
        return;
    }
    let mut found: Vec<_> = report
        .config
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    found.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.code.cmp(&b.code))
    });
    let mut t = new_table(opts);
    t.set_header(vec!["Severity", "Check", "Layer", "Finding"]);
    for f in &found {
        let layer = f.layer.map_or_else(|| "-".into(), |l| l.to_string());
        t.add_row(vec![
            severity_cell(f.severity, opts),
            Cell::new(&f.code),
            Cell::new(layer),
            Cell::new(format!("{}: {}", f.title, f.message)),
        ]);
    }
    let _ = write!(
        s,
        "Image checks: {} (explain one: bosun scan --explain CODE)",
        found.len()
    );
    let suppressed = report.config.len() - found.len();
    if suppressed > 0 {
        let _ = write!(s, " ({suppressed} more suppressed by the ignore file)");
    }
    let _ = writeln!(s);
    if !found.is_empty() {
        let _ = writeln!(s, "{t}");
    }
}

/// The efficiency summary (`--scanners efficiency`), in dive's terms.
fn efficiency(report: &Report, s: &mut String) {
    let Some(e) = &report.efficiency else {
        return;
    };
    let _ = writeln!(
        s,
        "Efficiency: {:.2}%, wasted {} bytes ({:.2}% of the layers above the base), {} paths rewritten or deleted",
        e.score * 100.0,
        e.wasted_bytes,
        e.wasted_user_percent * 100.0,
        e.inefficient_total
    );
    for p in e
        .inefficient
        .iter()
        .filter(|p| p.cumulative_bytes > 0)
        .take(5)
    {
        let _ = writeln!(
            s,
            "  {:>12} bytes  {} (x{})",
            p.cumulative_bytes, p.path, p.count
        );
    }
    if e.duplicates_total > 0 {
        let _ = writeln!(
            s,
            "Identical files from several layers: {} bytes more than needed, {} groups",
            e.duplicated_bytes, e.duplicates_total
        );
        for d in e.duplicates.iter().take(5) {
            let _ = writeln!(s, "  {:>12} bytes  {}", d.wasted_bytes, d.paths.join(" = "));
        }
    }
}

/// The secrets table (`--scanners secret`): values are masked already; a
/// file a later layer removed says so, since its layer still ships it.
fn secrets(report: &Report, opts: &Options, s: &mut String) {
    if report.secrets.is_empty() {
        return;
    }
    let mut found: Vec<_> = report
        .secrets
        .iter()
        .filter(|f| f.suppressed.is_none())
        .collect();
    let suppressed = report.secrets.len() - found.len();
    found.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.file.cmp(&b.file))
            .then(a.line.cmp(&b.line))
    });
    let mut t = new_table(opts);
    t.set_header(vec!["Severity", "Rule", "Where", "Layer", "Value", "Note"]);
    let found_len = found.len();
    for f in found {
        let sev = severity_cell(f.severity, opts);
        let place = if f.line > 0 {
            format!("{}:{}", f.file, f.line)
        } else {
            f.file.clone()
        };
        let layer = f.layer.map_or_else(|| "-".into(), |l| l.to_string());
        let note = match f.removed_in {
            Some(m) => format!("removed in layer {m}, still readable"),
            None => String::new(),
        };
        t.add_row(vec![
            sev,
            Cell::new(&f.rule),
            Cell::new(place),
            Cell::new(layer),
            Cell::new(&f.masked),
            Cell::new(note),
        ]);
    }
    let _ = write!(s, "Secrets: {}", found_len);
    if suppressed > 0 {
        let _ = write!(s, " ({suppressed} more suppressed by the ignore file)");
    }
    let _ = writeln!(s);
    if found_len > 0 {
        let _ = writeln!(s, "{t}");
    }
}

#[cfg(test)]
mod tests {
    use crate::scan::fixtures;

    #[test]
    fn snapshot() {
        insta::assert_snapshot!(super::render(&fixtures::report(), &fixtures::opts()));
    }

    #[test]
    fn colour_only_when_asked() {
        let r = fixtures::report();
        assert!(!super::render(&r, &fixtures::opts()).contains('\x1b'));
        let mut o = fixtures::opts();
        o.color = true;
        assert!(super::render(&r, &o).contains('\x1b'));
    }

    #[test]
    fn empty_report() {
        let mut r = fixtures::report();
        r.findings.clear();
        r.unmatched.clear();
        let s = super::render(&r, &fixtures::opts());
        assert!(s.contains("Total: 0"), "{s}");
    }
}
