//! OSV `affected[].ranges[]` evaluation for `ECOSYSTEM` and `SEMVER` ranges,
//! following the OSV schema's evaluation algorithm: events are sorted by
//! version (`introduced: "0"` first), walked in order, and a version is
//! affected when the last event at or below it is an `introduced`; a
//! `last_affected` stops the range just after its version; `limit` events
//! bound the whole range from above (`*` is infinity).

use std::cmp::Ordering;

use crate::{ParseError, Scheme, Version};

/// The kind of an OSV range event. The event itself (kind and version
/// string, as published) is `bosun_types::osv::Event`; this crate depends
/// on no other of bosun's, so [`Range::parse`] takes `(kind, version)`
/// pairs borrowed from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// The vulnerability starts at this version ("0": from the beginning).
    Introduced,
    /// The first version without the vulnerability.
    Fixed,
    /// The last version known to have the vulnerability.
    LastAffected,
    /// An upper limit on the range ("*": none).
    Limit,
}

/// A bound: a parsed version, or one of OSV's special values.
#[derive(Clone, Debug)]
enum Bound {
    /// `introduced: "0"`: before every version.
    Zero,
    /// `limit: "*"`: after every version.
    Infinity,
    At(Version),
}

impl Bound {
    fn cmp_version(&self, v: &Version) -> Ordering {
        match self {
            Bound::Zero => Ordering::Less,
            Bound::Infinity => Ordering::Greater,
            Bound::At(b) => b.cmp_same_scheme(v).unwrap_or(Ordering::Equal),
        }
    }

    fn cmp(&self, other: &Bound) -> Ordering {
        match (self, other) {
            (Bound::Zero, Bound::Zero) | (Bound::Infinity, Bound::Infinity) => Ordering::Equal,
            (Bound::Zero, _) | (_, Bound::Infinity) => Ordering::Less,
            (_, Bound::Zero) | (Bound::Infinity, _) => Ordering::Greater,
            (Bound::At(a), Bound::At(b)) => a.cmp_same_scheme(b).unwrap_or(Ordering::Equal),
        }
    }
}

/// Declaration order breaks ties between events at the same version,
/// which the schema leaves open: a `fixed X` before an `introduced X`, so
/// `[a, X) + [X, b)` written as two pairs stays one range (as records in
/// the PyPI database do), and `introduced X` before `last_affected X`, so
/// that pair is the single version X.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Fixed,
    Introduced,
    LastAffected,
    Limit,
}

/// A parsed range: its events sorted by version.
#[derive(Clone, Debug)]
pub struct Range {
    scheme: Scheme,
    events: Vec<(Kind, Bound)>,
    limits: Vec<Bound>,
}

impl Range {
    /// Parses the events of one range under `scheme`. Every version must
    /// parse: one that does not is an error, never a silently smaller
    /// range. At least one `introduced` is required, as the schema says.
    pub fn parse(scheme: Scheme, events: &[(EventKind, &str)]) -> Result<Range, ParseError> {
        let mut parsed = Vec::with_capacity(events.len());
        let mut limits = Vec::new();
        let mut introduced = false;
        for &(event, text) in events {
            let kind = match event {
                EventKind::Introduced => Kind::Introduced,
                EventKind::Fixed => Kind::Fixed,
                EventKind::LastAffected => Kind::LastAffected,
                EventKind::Limit => Kind::Limit,
            };
            let bound = match (kind, text) {
                (Kind::Introduced, "0") => Bound::Zero,
                (Kind::Limit, t) if t.contains('*') => Bound::Infinity,
                (_, t) => Bound::At(Version::parse(scheme, t)?),
            };
            introduced |= kind == Kind::Introduced;
            if kind == Kind::Limit {
                limits.push(bound);
            } else {
                parsed.push((kind, bound));
            }
        }
        if !introduced {
            let summary = events
                .iter()
                .map(|(k, t)| format!("{k:?}({t:?})"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(ParseError::new(
                scheme,
                &summary,
                "an OSV range needs at least one introduced event",
            ));
        }
        crate::sort_by_order(&mut parsed, |(ka, a), (kb, b)| a.cmp(b).then(ka.cmp(kb)));
        Ok(Range {
            scheme,
            events: parsed,
            limits,
        })
    }

    /// The scheme the range was parsed under.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Whether `v` is affected. `v` must be of the range's scheme (a
    /// version of another scheme is never contained).
    pub fn contains(&self, v: &Version) -> bool {
        if v.scheme() != self.scheme {
            return false;
        }
        if !self.limits.is_empty()
            && !self
                .limits
                .iter()
                .any(|l| l.cmp_version(v) == Ordering::Greater)
        {
            return false;
        }
        let mut affected = false;
        for (kind, bound) in &self.events {
            let ord = bound.cmp_version(v);
            match kind {
                Kind::Introduced if ord != Ordering::Greater => affected = true,
                Kind::Fixed if ord != Ordering::Greater => affected = false,
                Kind::LastAffected if ord == Ordering::Less => affected = false,
                _ => {}
            }
        }
        affected
    }

    /// The fixed versions, in version order (for reporting "fixed in").
    pub fn fixed(&self) -> impl Iterator<Item = &Version> {
        self.events
            .iter()
            .filter_map(|(kind, bound)| match (kind, bound) {
                (Kind::Fixed, Bound::At(v)) => Some(v),
                _ => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(scheme: Scheme, events: &[(&str, &str)]) -> Range {
        let events: Vec<(EventKind, &str)> = events
            .iter()
            .map(|(k, v)| match *k {
                "introduced" => (EventKind::Introduced, *v),
                "fixed" => (EventKind::Fixed, *v),
                "last_affected" => (EventKind::LastAffected, *v),
                _ => (EventKind::Limit, *v),
            })
            .collect();
        Range::parse(scheme, &events).unwrap()
    }

    fn hit(r: &Range, v: &str) -> bool {
        r.contains(&Version::parse(r.scheme(), v).unwrap())
    }

    #[test]
    fn introduced_zero_and_fixed() {
        let r = range(Scheme::Npm, &[("introduced", "0"), ("fixed", "1.0.2")]);
        assert!(hit(&r, "0.0.1"));
        assert!(hit(&r, "1.0.1"));
        assert!(hit(&r, "1.0.2-rc.1"));
        assert!(!hit(&r, "1.0.2"));
        assert!(!hit(&r, "2.0.0"));
        assert_eq!(
            r.fixed().map(Version::as_str).collect::<Vec<_>>(),
            ["1.0.2"]
        );
    }

    #[test]
    fn multiple_intervals_in_any_order() {
        let r = range(
            Scheme::Npm,
            &[
                ("fixed", "3.2.5"),
                ("introduced", "3.0.0"),
                ("fixed", "1.0.2"),
                ("introduced", "1.0.0"),
            ],
        );
        for (v, want) in [
            ("0.9.0", false),
            ("1.0.0", true),
            ("1.0.1", true),
            ("1.0.2", false),
            ("2.0.0", false),
            ("3.0.0", true),
            ("3.2.4", true),
            ("3.2.5", false),
        ] {
            assert_eq!(hit(&r, v), want, "{v}");
        }
    }

    #[test]
    fn last_affected_is_inclusive() {
        let r = range(
            Scheme::Pep440,
            &[("introduced", "0"), ("last_affected", "2.1.214")],
        );
        assert!(hit(&r, "2.1.214"));
        assert!(hit(&r, "2.1.214.0"));
        assert!(!hit(&r, "2.1.214.post1"));
        assert!(!hit(&r, "2.1.215"));
    }

    #[test]
    fn unfixed_and_limits() {
        let r = range(Scheme::Dpkg, &[("introduced", "1.0-1")]);
        assert!(!hit(&r, "0.9-1"));
        assert!(hit(&r, "99:1.0"));
        let r = range(Scheme::Go, &[("introduced", "0"), ("limit", "1.5.0")]);
        assert!(hit(&r, "1.4.9"));
        assert!(!hit(&r, "1.5.0"));
        let r = range(Scheme::Go, &[("introduced", "0"), ("limit", "*")]);
        assert!(hit(&r, "100.0.0"));
    }

    #[test]
    fn same_version_events() {
        // [0, 1.0.0) and [1.0.0, 1.5.0) written as two pairs: one range.
        let r = range(
            Scheme::Npm,
            &[
                ("introduced", "0"),
                ("fixed", "1.0.0"),
                ("introduced", "1.0.0"),
                ("fixed", "1.5.0"),
            ],
        );
        assert!(hit(&r, "0.5.0"));
        assert!(hit(&r, "1.0.0"));
        assert!(!hit(&r, "1.5.0"));
        let r = range(
            Scheme::Npm,
            &[("last_affected", "1.0.0"), ("introduced", "1.0.0")],
        );
        assert!(hit(&r, "1.0.0"));
        assert!(!hit(&r, "1.0.1"));
    }

    #[test]
    fn bad_versions_are_errors() {
        let events = [
            (EventKind::Introduced, "0"),
            (EventKind::Fixed, "not-a-version"),
        ];
        assert!(Range::parse(Scheme::Npm, &events).is_err());
        assert!(Range::parse(Scheme::Npm, &[(EventKind::Fixed, "1.0.0")]).is_err());
        let r = range(Scheme::Npm, &[("introduced", "0")]);
        assert!(!r.contains(&Version::parse(Scheme::Cargo, "1.0.0").unwrap()));
    }
}
