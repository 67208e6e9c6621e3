//! `bosun explain`'s data: for an id or alias, each installed package it
//! concerns, whether it is affected, and the ranges and comparisons that
//! decided, with the advisory records behind it.

use bosun_types::Sbom;
use bosun_types::advisory::AdvisorySource;
use bosun_types::ecosystem::{base_ecosystem, normalize_name};
use bosun_types::explain::{Explanation, RecordInfo};

use crate::error::Error;
use crate::matcher::{MatchOptions, evaluate, match_sbom, package_ref, target};

fn record_info(store: &dyn AdvisorySource, id: &str) -> Result<Option<RecordInfo>, Error> {
    Ok(store.advisory(id)?.map(|a| RecordInfo {
        id: a.id,
        aliases: a.aliases,
        upstream: a.upstream,
        summary: a.summary,
        details: a.details,
        published: a.published,
        modified: a.modified,
        withdrawn: a.withdrawn,
        references: a.references.into_iter().map(|r| r.url).collect(),
    }))
}

/// Explains `id` (an advisory id or any alias) for the packages of `sbom`:
/// one [`Explanation`] per finding it names, then one per installed
/// package an advisory with that id names but that is not affected.
pub fn explain(
    store: &dyn AdvisorySource,
    sbom: &Sbom,
    id: &str,
) -> Result<Vec<Explanation>, Error> {
    let id = id.trim();
    let same = |s: &String| s.eq_ignore_ascii_case(id);
    let report = match_sbom(store, sbom, &MatchOptions::default())?;
    let mut out = Vec::new();
    for f in report.findings {
        if !(same(&f.id) || f.aliases.iter().any(same) || f.advisories.iter().any(same)) {
            continue;
        }
        let mut records = Vec::new();
        for a in &f.advisories {
            records.extend(record_info(store, a)?);
        }
        out.push(Explanation {
            query: id.to_owned(),
            package: f.package.clone(),
            affected: true,
            evidence: f.evidence.clone(),
            finding: Some(f),
            records,
            problems: Vec::new(),
        });
    }
    // Records with this id or alias that matched nothing: say why.
    for rid in store.resolve_id(id)? {
        let Some(adv) = store.advisory(&rid)? else {
            continue;
        };
        for pkg in &sbom.packages {
            let Some(t) = target(pkg) else {
                continue;
            };
            let name = normalize_name(&t.ecosystem, &t.name);
            let entries: Vec<bosun_types::advisory::AffectedEntry> = store
                .advisories_for(&t.ecosystem, &t.name)?
                .into_iter()
                .filter(|m| m.advisory.id == rid)
                .flat_map(|m| m.affected)
                .collect();
            let names_it = adv
                .affected
                .iter()
                .filter_map(|a| a.package.as_ref())
                .any(|p| {
                    base_ecosystem(&p.ecosystem) == base_ecosystem(&t.ecosystem)
                        && normalize_name(&p.ecosystem, &p.name) == name
                });
            if !names_it {
                continue;
            }
            let pref = package_ref(pkg, Some(&t));
            if out.iter().any(|e: &Explanation| {
                e.affected
                    && e.package == pref
                    && e.finding
                        .as_ref()
                        .is_some_and(|f| f.advisories.contains(&rid))
            }) {
                continue;
            }
            let mut cache = Vec::new();
            let v = evaluate(&rid, &entries, &t.version, &mut cache, true);
            let mut problems = v.errors.clone();
            if entries.is_empty() {
                problems.push(if adv.is_withdrawn() {
                    "the record is withdrawn: it never matches".to_owned()
                } else {
                    format!("no entry of the record is for {}", t.ecosystem)
                });
            } else if !v.evaluable {
                problems.push(
                    "the record has only GIT ranges, which bosun does not use for packages"
                        .to_owned(),
                );
            }
            out.push(Explanation {
                query: id.to_owned(),
                package: pref,
                affected: v.affected,
                finding: None,
                evidence: v.evidence.into_iter().map(|(_, e)| e).collect(),
                records: record_info(store, &rid)?.into_iter().collect(),
                problems,
            });
        }
    }
    Ok(out)
}
