//! The Debian security tracker's JSON export
//! (<https://security-tracker.debian.org/tracker/data/json>): source
//! package → CVE → `releases` → code name → `{status, urgency,
//! fixed_version, nodsa, nodsa_reason, repositories}`.
//!
//! No copy of this export is in the test data (its mirrors were too large
//! or absent), so this reader follows the shape the tracker publishes and
//! documents in its source (`lib/python/security_db.py`, `json` view).
//! `status` is `open`, `resolved` or `undetermined`; `urgency` one of
//! `unimportant`, `low`, `medium`, `high`, `not yet assigned`,
//! `end-of-life` (a trailing `*` marks an unreviewed rating); `nodsa` is
//! the note of a no-DSA decision and `nodsa_reason` says `postponed` or
//! `ignored` (empty for a plain no-dsa). These decide "will not fix"
//! ([`DistroStatus::will_not_fix`]).
//!
//! The export is streamed one package at a time; ids that are not CVEs
//! (the tracker's `TEMP-…` placeholders) are skipped, as no advisory
//! names them.

use std::collections::BTreeMap;
use std::fmt;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use serde_json::value::RawValue;

use super::{DistroStatus, FileFacts, Item, Sink, bad_file, is_cve};
use crate::error::{Error, Result};
use crate::ingest::Malformed;

#[derive(Deserialize)]
struct Cve {
    #[serde(default)]
    releases: BTreeMap<String, Release>,
}

#[derive(Deserialize)]
struct Release {
    status: String,
    #[serde(default)]
    urgency: Option<String>,
    #[serde(default)]
    fixed_version: Option<String>,
    #[serde(default)]
    nodsa: Option<String>,
    #[serde(default)]
    nodsa_reason: Option<String>,
}

struct Reader<'s, 'a> {
    file: &'s str,
    sink: &'s mut Sink<'a>,
    failed: Option<Error>,
}

impl Reader<'_, '_> {
    fn emit<E: serde::de::Error>(&mut self, item: Result<Item, Malformed>) -> Result<(), E> {
        if let Err(e) = (self.sink)(item) {
            self.failed = Some(e);
            return Err(E::custom("stopped"));
        }
        Ok(())
    }

    fn package<E: serde::de::Error>(
        &mut self,
        package: &str,
        cves: BTreeMap<String, Box<RawValue>>,
    ) -> Result<(), E> {
        for (id, raw) in cves {
            if !is_cve(&id) {
                continue;
            }
            let cve = match serde_json::from_str::<Cve>(raw.get()) {
                Ok(c) => c,
                Err(e) => {
                    self.emit(Err(Malformed {
                        file: self.file.to_owned(),
                        id: Some(id.clone()),
                        reason: format!("{package}: not a tracker entry: {e}"),
                    }))?;
                    continue;
                }
            };
            for (release, r) in cve.releases {
                let non_empty = |s: Option<String>| s.filter(|v| !v.trim().is_empty());
                self.emit(Ok(Item::Distro(DistroStatus {
                    distro: "debian".to_owned(),
                    package: package.to_owned(),
                    id: id.clone(),
                    release,
                    status: r.status,
                    urgency: non_empty(r.urgency),
                    // The tracker writes "0" for "never affected".
                    fixed_version: non_empty(r.fixed_version),
                    nodsa: non_empty(r.nodsa),
                    nodsa_reason: r.nodsa_reason,
                })))?;
            }
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for &mut Reader<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the tracker's object of source packages")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(package) = map.next_key::<String>()? {
            // One package's CVEs at a time: the largest (linux) has a few
            // thousand, far below the whole export.
            let cves: BTreeMap<String, Box<RawValue>> = map.next_value()?;
            self.package(&package, cves)?;
        }
        Ok(())
    }
}

/// Reads the tracker export, streaming.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let mut r = Reader {
        file: name,
        sink,
        failed: None,
    };
    let mut de = serde_json::Deserializer::from_reader(reader);
    let parsed = serde::Deserializer::deserialize_map(&mut de, &mut r);
    if let Some(e) = r.failed.take() {
        return Err(e);
    }
    parsed
        .and_then(|()| de.end())
        .map_err(|e| bad_file(name, format!("not the Debian security tracker's JSON: {e}")))?;
    Ok(FileFacts::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_cves_releases() {
        let text = r#"{"glibc":{"CVE-2010-4756":{"description":"x","scope":"local","releases":{
              "bookworm":{"status":"open","repositories":{"bookworm":"2.36-9"},"urgency":"unimportant"},
              "bullseye":{"status":"open","urgency":"low","nodsa":"Minor issue","nodsa_reason":"postponed"}}},
            "TEMP-0000000-1":{"releases":{}},
            "CVE-2020-0001":{"releases":{"trixie":{"status":"resolved","fixed_version":"2.40-1","urgency":"low"}}},
            "CVE-2021-0001":{"releases":"nope"}}}"#;
        let mut out = Vec::new();
        read(&mut text.as_bytes(), "t.json", &mut |i| {
            out.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(out.len(), 4);
        let statuses: Vec<_> = out
            .iter()
            .filter_map(|i| match i {
                Ok(Item::Distro(d)) => Some((d.release.as_str(), d.will_not_fix())),
                _ => None,
            })
            .collect();
        assert_eq!(
            statuses,
            [
                ("bookworm", Some("unimportant")),
                ("bullseye", Some("postponed")),
                ("trixie", None)
            ]
        );
        assert!(out[3].is_err());
        assert!(read(&mut &b"[]"[..], "t", &mut |_| Ok(())).is_err());
    }
}
