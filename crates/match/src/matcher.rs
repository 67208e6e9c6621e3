//! Matching one SBOM against the store.
//!
//! Which name and version of a package are compared:
//!
//! - Debian and Ubuntu: the *source* package's name and version. Their
//!   OSV records (DSA, DLA, DEBIAN-CVE, USN) name source packages, and the
//!   fixed versions are source versions; a binNMU or a binary with its own
//!   version (`Source: foo (1.2-3)`) would otherwise compare wrongly. The
//!   dpkg cataloger records the source version, defaulting to the binary's.
//!   Grype and Trivy do the same (Trivy's `SrcName`/`SrcVersion`).
//! - Alpine/Wolfi (apk): the origin package's name, the installed version
//!   (an origin and its subpackages share a version).
//! - RPM distributions: the source RPM's name and the installed
//!   `[epoch:]version-release`, which the source RPM shares but without
//!   the epoch the advisories carry.
//! - Language ecosystems: the package's own name, normalised by
//!   [`bosun_types::ecosystem::normalize_name`] (PEP 503, case rules), and version.
//!
//! Each `affected` entry is then evaluated as the OSV schema says: the
//! package is affected when its version is in one of the `ECOSYSTEM` or
//! `SEMVER` ranges or equals (under the scheme's equality) one of the
//! listed `versions`. `GIT` ranges and unknown range types are never used.
//! A version or range the scheme cannot parse makes an [`Unmatched`] entry
//! naming the advisory, never a silent "not affected". Withdrawn records
//! are excluded by the store's query.
//!
//! Fixed versions: per matching range, the first `fixed` above the
//! installed version; no such event in any matching range (only
//! `last_affected`, or no upper bound) means [`FixStatus::Unfixed`].
//!
//! Records that match one package and name each other (id, `aliases`,
//! `upstream`, transitively) become one finding that keeps every id.

use std::collections::{BTreeSet, HashMap};

use bosun_types::advisory::{AdvisoryMatch, AdvisorySource, AffectedEntry};
use bosun_types::enrich::{Enrichment, Origin, debian_codename};
use bosun_types::osv::{Advisory, Event, RangeKind};
use bosun_types::{Package, Sbom};
use bosun_version::osv::{EventKind, Range as VRange};
use bosun_version::{Scheme, Version};

use crate::error::Error;
use crate::severity::Ratings;
use bosun_types::finding::{
    Evidence, Finding, FixStatus, PackageRef, Report, SCAN_SCHEMA, Unmatched,
};

/// Settings of [`match_sbom`].
#[derive(Debug, Clone, Default)]
pub struct MatchOptions {
    /// The version written into the report (default: this crate's).
    pub tool_version: Option<String>,
    /// The severity precedence (default
    /// [`Origin::DEFAULT_PRECEDENCE`]); see `severity.rs`.
    pub precedence: Option<Vec<Origin>>,
}

/// The name and version a package is looked up and compared by.
pub(crate) struct Target {
    pub(crate) ecosystem: String,
    pub(crate) name: String,
    pub(crate) version: String,
}

/// See the module documentation for which name and version.
pub(crate) fn target(pkg: &Package) -> Option<Target> {
    let ecosystem = pkg.ecosystem.as_deref()?.trim();
    if ecosystem.is_empty() {
        return None;
    }
    let scheme = Scheme::for_ecosystem(ecosystem);
    let source = pkg.source.as_ref().filter(|s| !s.name.trim().is_empty());
    let (name, version) = match scheme {
        Scheme::Dpkg => (
            source.map_or(&pkg.name, |s| &s.name),
            source
                .and_then(|s| s.version.as_ref())
                .filter(|v| !v.trim().is_empty())
                .unwrap_or(&pkg.version),
        ),
        Scheme::Apk | Scheme::Rpm => (source.map_or(&pkg.name, |s| &s.name), &pkg.version),
        _ => (&pkg.name, &pkg.version),
    };
    Some(Target {
        ecosystem: ecosystem.to_owned(),
        name: name.trim().to_owned(),
        version: version.trim().to_owned(),
    })
}

/// The slim package copy a finding carries.
pub(crate) fn package_ref(pkg: &Package, t: Option<&Target>) -> PackageRef {
    let mut paths: Vec<String> = pkg.locations.iter().map(|l| l.path.clone()).collect();
    paths.dedup();
    PackageRef {
        name: pkg.name.clone(),
        version: pkg.version.clone(),
        kind: pkg.kind.clone(),
        ecosystem: t.map_or_else(
            || pkg.ecosystem.clone().unwrap_or_default(),
            |t| t.ecosystem.clone(),
        ),
        matched_name: t.map_or_else(
            || pkg.name.clone(),
            |t| bosun_types::ecosystem::normalize_name(&t.ecosystem, &t.name).into_owned(),
        ),
        purl: pkg.purl.clone(),
        paths,
    }
}

/// What one record says about one package.
#[derive(Debug, Default)]
pub(crate) struct Verdict {
    pub(crate) affected: bool,
    /// Fixed versions above the installed one, from the matching ranges.
    pub(crate) fixed: Vec<Version>,
    /// Every comparison made, and whether it found the version affected.
    pub(crate) evidence: Vec<(bool, Evidence)>,
    /// Ranges or versions that could not be parsed.
    pub(crate) errors: Vec<String>,
    /// Whether any entry had something to evaluate (not only GIT ranges).
    pub(crate) evaluable: bool,
}

/// The scheme a range of `kind` is compared under, for an ecosystem whose
/// own scheme is `eco`: `SEMVER` ranges use SemVer 2.0 precedence, which
/// the SemVer-based schemes implement; other ecosystems fall back to
/// npm's (strict SemVer with npm's leniency on a `v` prefix).
fn range_scheme(kind: &RangeKind, eco: Scheme) -> Option<Scheme> {
    match kind {
        RangeKind::Ecosystem => Some(eco),
        RangeKind::Semver => Some(match eco {
            Scheme::Npm | Scheme::Cargo | Scheme::Go | Scheme::Hex | Scheme::Pub => eco,
            _ => Scheme::Npm,
        }),
        RangeKind::Git | RangeKind::Other(_) => None,
    }
}

/// The event as `bosun-version` reads it: its kind and the version
/// string, borrowed.
fn to_vevent(e: &Event) -> (EventKind, &str) {
    match e {
        Event::Introduced(v) => (EventKind::Introduced, v),
        Event::Fixed(v) => (EventKind::Fixed, v),
        Event::LastAffected(v) => (EventKind::LastAffected, v),
        Event::Limit(v) => (EventKind::Limit, v),
    }
}

fn range_text(events: &[Event]) -> String {
    events
        .iter()
        .map(|e| format!("{} {}", e.key(), e.version()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Evaluates the affected entries of one record for one installed version.
/// `installed` caches the parse per scheme. Evidence of comparisons that
/// did not find the version affected is only written when `all_evidence`
/// (for `explain`): a scan compares thousands of ranges that miss.
pub(crate) fn evaluate(
    record: &str,
    entries: &[AffectedEntry],
    version: &str,
    installed: &mut Vec<(Scheme, Result<Version, String>)>,
    all_evidence: bool,
) -> Verdict {
    let mut out = Verdict::default();
    for entry in entries {
        let eco = Scheme::for_ecosystem(&entry.ecosystem);
        let affected_name = format!("{}/{}", entry.ecosystem, entry.name);
        for r in &entry.ranges {
            let Some(scheme) = range_scheme(&r.kind, eco) else {
                continue;
            };
            out.evaluable = true;
            let v = match parsed(installed, scheme, version) {
                Ok(v) => v,
                Err(e) => {
                    out.errors.push(e);
                    continue;
                }
            };
            let events: Vec<(EventKind, &str)> = r.events.iter().map(to_vevent).collect();
            let range = match VRange::parse(scheme, &events) {
                Ok(r) => r,
                Err(e) => {
                    out.errors.push(format!(
                        "{} range [{}] cannot be evaluated: {e}",
                        r.kind.as_str(),
                        range_text(&r.events)
                    ));
                    continue;
                }
            };
            let hit = range.contains(&v);
            if hit {
                out.affected = true;
                out.fixed.extend(next_fix(&range, &v));
            } else if !all_evidence {
                continue;
            }
            out.evidence.push((
                hit,
                Evidence {
                    advisory: record.to_owned(),
                    affected: affected_name.clone(),
                    range: format!("{} [{}]", r.kind.as_str(), range_text(&r.events)),
                    scheme: scheme.name().to_owned(),
                    comparison: describe(scheme, &v, &r.events, hit),
                },
            ));
        }
        if !entry.versions.is_empty() {
            out.evaluable = true;
            let v = match parsed(installed, eco, version) {
                Ok(v) => Some(v),
                Err(e) => {
                    out.errors.push(e);
                    None
                }
            };
            let listed = entry.versions.iter().find(|s| {
                *s == version
                    || v.as_ref().is_some_and(|v| {
                        Version::parse(eco, s)
                            .is_ok_and(|l| l.cmp_same_scheme(v) == Some(std::cmp::Ordering::Equal))
                    })
            });
            out.affected |= listed.is_some();
            if listed.is_none() && !all_evidence {
                continue;
            }
            out.evidence.push((
                listed.is_some(),
                Evidence {
                    advisory: record.to_owned(),
                    affected: affected_name.clone(),
                    range: format!("versions list ({} versions)", entry.versions.len()),
                    scheme: eco.name().to_owned(),
                    comparison: match listed {
                        Some(l) => format!("affected: {version} == {l} (listed)"),
                        None => format!("not affected: {version} is not listed"),
                    },
                },
            ));
        }
    }
    if out.affected && out.fixed.is_empty() {
        // Matched by the versions list alone: the entry's ranges still
        // say where it was fixed.
        for entry in entries {
            let eco = Scheme::for_ecosystem(&entry.ecosystem);
            for r in &entry.ranges {
                let Some(scheme) = range_scheme(&r.kind, eco) else {
                    continue;
                };
                let Ok(v) = parsed(installed, scheme, version) else {
                    continue;
                };
                let events: Vec<(EventKind, &str)> = r.events.iter().map(to_vevent).collect();
                if let Ok(range) = VRange::parse(scheme, &events) {
                    out.fixed.extend(next_fix(&range, &v));
                }
            }
        }
    }
    out
}

/// The fix for the installed version in one range: its first `fixed`
/// above the version. Later fixes belong to other release lines (`[3.0,
/// 3.2.5) ∪ [4.0, 4.0.1)`: 3.2.0 is fixed in 3.2.5, not 4.0.1).
fn next_fix(range: &VRange, v: &Version) -> Option<Version> {
    range
        .fixed()
        .find(|f| f.cmp_same_scheme(v) == Some(std::cmp::Ordering::Greater))
        .cloned()
}

fn parsed(
    cache: &mut Vec<(Scheme, Result<Version, String>)>,
    scheme: Scheme,
    version: &str,
) -> Result<Version, String> {
    if let Some((_, r)) = cache.iter().find(|(s, _)| *s == scheme) {
        return r.clone();
    }
    let r = Version::parse(scheme, version)
        .map_err(|e| format!("installed version {version:?} cannot be parsed: {e}"));
    cache.push((scheme, r.clone()));
    r
}

/// The comparison that decided, e.g. `3.2.0 >= 0 (introduced) and 3.2.0 <
/// 3.2.19 (fixed)`: the closest event at or below the version and the
/// closest above it.
fn describe(scheme: Scheme, v: &Version, events: &[Event], hit: bool) -> String {
    use std::cmp::Ordering;
    let mut below: Option<(&Event, Option<Version>)> = None;
    let mut above: Option<(&Event, Option<Version>)> = None;
    for e in events {
        let ev = match e {
            Event::Introduced(t) if t == "0" => None,
            Event::Limit(t) if t.contains('*') => continue,
            _ => match Version::parse(scheme, e.version()) {
                Ok(x) => Some(x),
                Err(_) => continue,
            },
        };
        let ord = ev.as_ref().map_or(Ordering::Less, |x| {
            x.cmp_same_scheme(v).unwrap_or(Ordering::Equal)
        });
        let at_or_below = match e {
            Event::LastAffected(_) => ord == Ordering::Less,
            _ => ord != Ordering::Greater,
        };
        let closer = |cur: &Option<(&Event, Option<Version>)>, want: Ordering| match cur {
            None => true,
            Some((_, None)) => want == Ordering::Greater,
            Some((_, Some(c))) => match &ev {
                None => false,
                Some(x) => x.cmp_same_scheme(c) == Some(want),
            },
        };
        if at_or_below {
            if closer(&below, Ordering::Greater) {
                below = Some((e, ev));
            }
        } else if closer(&above, Ordering::Less) {
            above = Some((e, ev));
        }
    }
    let mut parts = Vec::new();
    if let Some((e, _)) = below {
        let op = if matches!(e, Event::LastAffected(_)) {
            ">"
        } else {
            ">="
        };
        parts.push(format!("{v} {op} {} ({})", e.version(), e.key()));
    }
    if let Some((e, _)) = above {
        let op = if matches!(e, Event::LastAffected(_)) {
            "<="
        } else {
            "<"
        };
        parts.push(format!("{v} {op} {} ({})", e.version(), e.key()));
    }
    if parts.is_empty() {
        parts.push(format!("{v} is below every event"));
    }
    format!(
        "{}: {}",
        if hit { "affected" } else { "not affected" },
        parts.join(" and ")
    )
}

/// One matched record for one package.
struct Hit {
    id: String,
    keys: Vec<String>,
    verdict: Verdict,
}

/// Matches every package of `sbom`.
pub fn match_sbom(
    store: &dyn AdvisorySource,
    sbom: &Sbom,
    opts: &MatchOptions,
) -> Result<Report, Error> {
    let mut unmatched = Vec::new();
    // Binary packages of one source share a query: ask once for each.
    let targets: Vec<Option<Target>> = sbom.packages.iter().map(target).collect();
    let mut keys: Vec<(String, String)> = targets
        .iter()
        .flatten()
        .map(|t| (t.ecosystem.clone(), t.name.clone()))
        .collect();
    keys.sort();
    keys.dedup();
    let queries: Vec<(&str, &str)> = keys.iter().map(|(e, n)| (e.as_str(), n.as_str())).collect();
    let answers = store.advisories_for_many(&queries)?;

    let mut per_package: Vec<(usize, Vec<(&AdvisoryMatch, Hit)>)> = Vec::new();
    for (i, (pkg, t)) in sbom.packages.iter().zip(&targets).enumerate() {
        let Some(t) = t else {
            unmatched.push(Unmatched {
                package: package_ref(pkg, None),
                advisory: String::new(),
                reason: "no OSV ecosystem is known for this package".to_owned(),
            });
            continue;
        };
        let Ok(q) =
            keys.binary_search_by(|(e, n)| (e.as_str(), n.as_str()).cmp(&(&t.ecosystem, &t.name)))
        else {
            continue;
        };
        let mut installed = Vec::new();
        let mut hits = Vec::new();
        for m in &answers[q] {
            let verdict = evaluate(
                &m.advisory.id,
                &m.affected,
                &t.version,
                &mut installed,
                false,
            );
            if !verdict.errors.is_empty() {
                let mut errors = verdict.errors.clone();
                errors.dedup();
                unmatched.push(Unmatched {
                    package: package_ref(pkg, Some(t)),
                    advisory: m.advisory.id.clone(),
                    reason: errors.join("; "),
                });
            }
            if verdict.affected {
                hits.push((
                    m,
                    Hit {
                        id: m.advisory.id.clone(),
                        keys: Vec::new(),
                        verdict,
                    },
                ));
            }
        }
        if !hits.is_empty() {
            per_package.push((i, hits));
        }
    }

    // `upstream` and the references are only in the full records.
    let mut ids: Vec<&str> = per_package
        .iter()
        .flat_map(|(_, hits)| hits.iter().map(|(m, _)| m.advisory.id.as_str()))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let records: HashMap<String, Option<Advisory>> = ids
        .iter()
        .map(|id| (*id).to_owned())
        .zip(store.advisory_links(&ids)?)
        .collect();

    // Enrichment (NVD, CNA, KEV, EPSS, tracker) for every CVE any hit
    // names, in one batch.
    let mut cves: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    let mut grouped = Vec::new();
    for (i, mut hits) in per_package {
        for (m, h) in &mut hits {
            let mut keys = vec![m.advisory.id.clone()];
            keys.extend(m.advisory.aliases.iter().cloned());
            if let Some(Some(a)) = records.get(&m.advisory.id) {
                keys.extend(a.upstream.iter().cloned());
                keys.extend(a.aliases.iter().cloned());
            }
            keys.sort();
            keys.dedup();
            h.keys = keys;
        }
        cves.extend(
            hits.iter()
                .flat_map(|(_, h)| h.keys.iter())
                .filter(|k| k.starts_with("CVE-"))
                .cloned(),
        );
        let groups = merge(&hits.iter().map(|(_, h)| h).collect::<Vec<_>>());
        grouped.push((i, hits, groups));
    }
    cves.sort_unstable();
    cves.dedup();
    let refs: Vec<&str> = cves.iter().map(String::as_str).collect();
    let enrichment: HashMap<String, Enrichment> =
        cves.iter().cloned().zip(store.enrichment(&refs)?).collect();
    let precedence = opts
        .precedence
        .as_deref()
        .unwrap_or(&Origin::DEFAULT_PRECEDENCE);
    for (i, hits, groups) in &grouped {
        let pkg = &sbom.packages[*i];
        let Some(t) = &targets[*i] else { continue };
        for group in groups {
            let members: Vec<&(&AdvisoryMatch, Hit)> = group.iter().map(|&g| &hits[g]).collect();
            findings.push(finding(
                sbom,
                pkg,
                t,
                &members,
                &records,
                &enrichment,
                precedence,
            ));
        }
    }
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.package.name.cmp(&b.package.name))
            .then_with(|| a.package.version.cmp(&b.package.version))
            .then_with(|| a.package.purl.cmp(&b.package.purl))
    });
    Ok(Report {
        schema: SCAN_SCHEMA.to_owned(),
        tool_version: opts
            .tool_version
            .clone()
            .unwrap_or_else(|| env!("CARGO_PKG_VERSION").to_owned()),
        image: sbom.image.clone(),
        findings,
        unmatched,
        distro: sbom.distro.clone(),
        layers: sbom.layers.clone(),
        packages_scanned: sbom.packages.len(),
        db: Some(store.db_info()?),
        expired_ignores: Vec::new(),
        filtered: 0,
        secrets: Vec::new(),
        config: Vec::new(),
        efficiency: None,
    })
}

/// Groups of hits whose id sets intersect, transitively (union-find);
/// groups in order of their first member.
fn merge(hits: &[&Hit]) -> Vec<Vec<usize>> {
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut parent: Vec<usize> = (0..hits.len()).collect();
    let mut owner: HashMap<&str, usize> = HashMap::new();
    for (i, h) in hits.iter().enumerate() {
        for k in &h.keys {
            if let Some(&j) = owner.get(k.as_str()) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            } else {
                owner.insert(k, i);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<usize, usize> = HashMap::new();
    for i in 0..hits.len() {
        let root = find(&mut parent, i);
        let g = *index.entry(root).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
    }
    groups
}

/// The id shown for a group: its CVE when exactly one CVE names it (a
/// record covering several CVEs, like a DSA, is shown by its own id), else
/// the first record id in sorted order.
pub(crate) fn shown_id(ids: &BTreeSet<String>, records: &[String]) -> String {
    let mut cves = ids.iter().filter(|i| i.starts_with("CVE-"));
    match (cves.next(), cves.next()) {
        (Some(c), None) => c.clone(),
        _ => records.first().cloned().unwrap_or_default(),
    }
}

fn finding(
    sbom: &Sbom,
    pkg: &Package,
    t: &Target,
    members: &[&(&AdvisoryMatch, Hit)],
    records: &HashMap<String, Option<Advisory>>,
    enrichment: &HashMap<String, Enrichment>,
    precedence: &[Origin],
) -> Finding {
    let mut advisories: Vec<String> = members.iter().map(|(_, h)| h.id.clone()).collect();
    advisories.sort();
    advisories.dedup();
    let ids: BTreeSet<String> = members
        .iter()
        .flat_map(|(_, h)| h.keys.iter().cloned())
        .collect();
    let id = shown_id(&ids, &advisories);
    let aliases: Vec<String> = ids.iter().filter(|i| **i != id).cloned().collect();

    // The primary record gives the summary and the URL: the one whose id
    // or aliases are the shown id, else the first.
    let mut ordered: Vec<&(&AdvisoryMatch, Hit)> = members.to_vec();
    ordered.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    let primary = ordered
        .iter()
        .find(|(_, h)| h.id == id)
        .or_else(|| ordered.iter().find(|(_, h)| h.keys.contains(&id)))
        .or(ordered.first())
        .copied();

    let mut fixed: Vec<Version> = Vec::new();
    let mut ratings = Ratings::default();
    let mut evidence = Vec::new();
    for (m, h) in &ordered {
        fixed.extend(h.verdict.fixed.iter().cloned());
        evidence.extend(
            h.verdict
                .evidence
                .iter()
                .filter(|(hit, _)| *hit)
                .map(|(_, e)| e.clone()),
        );
        for e in &m.affected {
            ratings.add(
                &h.id,
                &e.severity,
                &[
                    e.ecosystem_specific.as_deref(),
                    e.database_specific.as_deref(),
                ],
            );
        }
        ratings.add(
            &h.id,
            &m.advisory.severity,
            &[m.advisory.database_specific.as_deref()],
        );
    }
    // Not `sort_by`: an ecosystem's order may not be total (Maven's is not).
    bosun_version::sort_by_order(&mut fixed, |a, b| {
        a.cmp_same_scheme(b).unwrap_or(std::cmp::Ordering::Equal)
    });
    fixed.dedup_by(|a, b| a.cmp_same_scheme(b) == Some(std::cmp::Ordering::Equal));
    let fixed_versions: Vec<String> = fixed.iter().map(|v| v.as_str().to_owned()).collect();
    // The Debian tracker's entry for this source package and release.
    let codename = t
        .ecosystem
        .split_once(':')
        .filter(|(base, _)| *base == "Debian")
        .and_then(|(_, release)| debian_codename(release));
    let mut distro_status = None;
    let mut kev = None;
    let mut epss: Option<bosun_types::Epss> = None;
    for cve in ids.iter().filter(|i| i.starts_with("CVE-")) {
        let Some(e) = enrichment.get(cve) else {
            continue;
        };
        ratings.add_published(&e.scores);
        if kev.is_none() {
            kev.clone_from(&e.kev);
        }
        if let Some(x) = &e.epss
            && epss.as_ref().is_none_or(|cur| x.score > cur.score)
        {
            epss = Some(x.clone());
        }
        if let Some(code) = codename
            && let Some(d) = e
                .distro
                .iter()
                .find(|d| d.distro == "debian" && d.release == code && d.package == t.name)
        {
            if let Some(u) = &d.urgency {
                ratings.add_distro(u, "Debian tracker");
            }
            // A "will not fix" entry says more than a plain open one.
            let better = distro_status
                .as_ref()
                .is_none_or(|cur: &bosun_types::DistroStatus| {
                    cur.will_not_fix().is_none() && d.will_not_fix().is_some()
                });
            if better {
                distro_status = Some(d.clone());
            }
        }
    }
    let decision = ratings.decide(precedence);
    let (severity, score) = (decision.severity, decision.score);
    let will_not_fix = if fixed_versions.is_empty() {
        distro_status
            .as_ref()
            .and_then(|d| d.will_not_fix())
            .map(str::to_owned)
    } else {
        None
    };

    let summary = primary
        .and_then(|(m, _)| m.advisory.summary.clone())
        .or_else(|| ordered.iter().find_map(|(m, _)| m.advisory.summary.clone()))
        .filter(|s| !s.trim().is_empty());
    let url = primary.map(|(_, h)| {
        records
            .get(&h.id)
            .and_then(Option::as_ref)
            .and_then(|a| a.references.iter().find(|r| r.kind == "ADVISORY"))
            .map_or_else(|| canonical_url(&h.id), |r| r.url.clone())
    });
    // The date part of RFC 3339 stamps: ages are counted in days.
    let day = |p: &Option<String>| {
        p.as_deref()
            .and_then(|d| d.get(..10))
            .filter(|d| d.parse::<bosun_types::Date>().is_ok())
            .map(str::to_owned)
    };
    let published = ordered
        .iter()
        .filter_map(|(m, _)| day(&m.advisory.published))
        .min();
    let fix_published = ordered
        .iter()
        .filter(|(_, h)| !h.verdict.fixed.is_empty())
        .filter_map(|(m, _)| day(&m.advisory.published))
        .min();
    let layer = pkg.introduced_layer.clone();
    let created_by = layer.as_ref().and_then(|l| {
        sbom.layers
            .iter()
            .find(|li| li.layer.index == l.index)
            .and_then(|li| li.created_by.clone())
    });
    Finding {
        id,
        aliases,
        advisories,
        package: package_ref(pkg, Some(t)),
        status: if fixed_versions.is_empty() {
            FixStatus::Unfixed
        } else {
            FixStatus::Fixed
        },
        fixed_versions,
        severity,
        score,
        scores: decision.scores,
        severity_rule: decision.rule,
        kev,
        epss,
        distro_status,
        will_not_fix,
        summary,
        url,
        layer,
        created_by,
        evidence,
        published,
        fix_published,
        suppressed: None,
    }
}

/// osv.dev shows every record it publishes under its id.
pub(crate) fn canonical_url(id: &str) -> String {
    format!("https://osv.dev/vulnerability/{id}")
}
