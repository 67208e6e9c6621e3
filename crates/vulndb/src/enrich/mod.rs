//! Enrichment sources: severity data keyed by CVE id that the advisory
//! records lack, one reader per published format.
//!
//! - [`nvd`]: NVD CVE API 2.0 JSON (a feed file or single records).
//! - [`cve5`]: CVE List 5.x records (CNA and ADP metrics).
//! - [`kev`]: CISA's Known Exploited Vulnerabilities catalog.
//! - [`epss`]: FIRST's EPSS CSV.
//! - [`debian_tracker`]: the Debian security tracker's JSON export.
//!
//! Readers are streaming: they hand [`Item`]s to a sink one at a time and
//! hold at most one record, so a year of NVD (or the whole tracker) is
//! read in bounded memory. They never write; [`crate::Builder`] stores
//! what they produce (`store/enrich.rs`). A record that does not fit its
//! format is reported as [`Malformed`]; a file that is not the format at
//! all is an error naming the file.

pub mod cve5;
pub mod debian_tracker;
pub mod epss;
pub mod kev;
pub mod nvd;
mod split;

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::str::FromStr;

pub use bosun_types::enrich::{CvssScore, DistroStatus, Kev, Origin};

use crate::error::{Error, IoContext, Result};
use crate::ingest::Malformed;

/// The enrichment formats `db import --type` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// NVD CVE API 2.0 JSON.
    Nvd,
    /// CVE List 5.x records.
    Cve5,
    /// CISA KEV catalog JSON.
    Kev,
    /// FIRST EPSS CSV.
    Epss,
    /// Debian security tracker JSON.
    DebianTracker,
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 5] = [
        Kind::Nvd,
        Kind::Cve5,
        Kind::Kev,
        Kind::Epss,
        Kind::DebianTracker,
    ];

    /// Its name: the `--type` value and the source's name in `db status`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Nvd => "nvd",
            Kind::Cve5 => "cve5",
            Kind::Kev => "kev",
            Kind::Epss => "epss",
            Kind::DebianTracker => "debian-tracker",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!("unknown import type {s:?} (osv, nvd, cve5, kev, epss or debian-tracker)")
            })
    }
}

/// The CVSS scores one NVD or CVE List record publishes.
#[derive(Debug, Clone, PartialEq)]
pub struct CveScores {
    /// The CVE id.
    pub cve: String,
    /// When the record was last modified, as published (NVD
    /// `lastModified`, CVE List `dateUpdated`): an older copy never
    /// replaces a newer one.
    pub modified: Option<String>,
    /// Rejected records carry no scores and remove earlier ones.
    pub rejected: bool,
    /// Its scores, in record order.
    pub scores: Vec<CvssScore>,
}

/// An EPSS row.
#[derive(Debug, Clone, PartialEq)]
pub struct EpssRow {
    /// The CVE id.
    pub cve: String,
    /// Probability.
    pub score: f64,
    /// Percentile.
    pub percentile: f64,
}

/// What a reader produces.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// NVD or CVE List scores of one CVE.
    Scores(CveScores),
    /// A KEV entry.
    Kev(Kev),
    /// An EPSS row.
    Epss(EpssRow),
    /// A tracker entry.
    Distro(DistroStatus),
}

/// Facts about a whole file (the KEV catalog's version, EPSS's date).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// The data's own date.
    pub data_date: Option<String>,
}

/// A sink for items: an error from it stops the reader.
pub type Sink<'a> = dyn FnMut(Result<Item, Malformed>) -> Result<()> + 'a;

/// Reads one file of `kind` from `reader` (`name` names it in errors).
pub fn read(
    kind: Kind,
    reader: &mut dyn BufRead,
    name: &str,
    sink: &mut Sink<'_>,
) -> Result<FileFacts> {
    match kind {
        Kind::Nvd => nvd::read(reader, name, sink),
        Kind::Cve5 => cve5::read(reader, name, sink),
        Kind::Kev => kev::read(reader, name, sink),
        Kind::Epss => epss::read(reader, name, sink),
        Kind::DebianTracker => debian_tracker::read(reader, name, sink),
    }
}

/// Opens `path` for reading, decompressing gzip (recognised by its magic
/// bytes: NVD's and EPSS's downloads are `.gz`).
pub fn open(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    let mut file = BufReader::with_capacity(256 << 10, std::fs::File::open(path).at(path)?);
    let head = file.fill_buf().at(path)?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(file);
        return Ok(Box::new(BufReader::with_capacity(256 << 10, gz)));
    }
    Ok(Box::new(file))
}

/// The files to read for an import of `path`: the file itself, or every
/// `.json`/`.json.gz`/`.csv`/`.csv.gz` file under a directory, in name
/// order (so a re-import reads the same order).
pub fn files(path: &Path) -> Result<Vec<PathBuf>> {
    let meta = std::fs::metadata(path).at(path)?;
    if !meta.is_dir() {
        return Ok(vec![path.to_owned()]);
    }
    let mut out = Vec::new();
    crate::ingest::walk(path, &is_feed_file, &mut out)?;
    out.sort();
    if out.is_empty() {
        return Err(Error::Input {
            path: path.to_owned(),
            reason: "no .json, .json.gz, .csv or .csv.gz file in this directory".into(),
        });
    }
    Ok(out)
}

/// A feed or record file by name (JSON Schemas shipped beside records are
/// not records).
fn is_feed_file(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    [".json", ".json.gz", ".csv", ".csv.gz"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !name.ends_with("schema.json")
}

/// A JSON syntax or shape error of a whole file.
pub(crate) fn bad_file(name: &str, what: impl fmt::Display) -> Error {
    Error::Input {
        path: PathBuf::from(name),
        reason: what.to_string(),
    }
}

/// Whether `id` looks like a CVE id (`CVE-YYYY-NNNN…`): keys of every
/// enrichment table; anything else is malformed.
pub(crate) fn is_cve(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("CVE-") else {
        return false;
    };
    let Some((year, num)) = rest.split_once('-') else {
        return false;
    };
    year.len() == 4
        && year.bytes().all(|b| b.is_ascii_digit())
        && num.len() >= 4
        && num.len() <= 12
        && num.bytes().all(|b| b.is_ascii_digit())
}

/// A CVSS version string as bosun stores it (`3.1`), from the forms the
/// sources use (`3.1`, `V3.1`, `cvssV3_1`).
pub(crate) fn cvss_version(v: &str) -> Option<&'static str> {
    match v
        .trim()
        .trim_start_matches("cvssV")
        .trim_start_matches(['V', 'v'])
    {
        "2.0" | "2_0" | "2" => Some("2.0"),
        "3.0" | "3_0" => Some("3.0"),
        "3.1" | "3_1" => Some("3.1"),
        "4.0" | "4_0" | "4" => Some("4.0"),
        _ => None,
    }
}

/// A base score in range, else `None`.
pub(crate) fn base_score(s: f64) -> Option<f64> {
    (s.is_finite() && (0.0..=10.0).contains(&s)).then_some(s)
}

/// Reads all of `reader`, for formats that are one small document (a
/// CVE List record, the KEV catalog), refusing more than `limit` bytes.
pub(crate) fn read_limited(reader: &mut dyn Read, name: &str, limit: u64) -> Result<Vec<u8>> {
    let mut buf = Vec::new();
    Read::take(&mut *reader, limit + 1)
        .read_to_end(&mut buf)
        .map_err(|e| bad_file(name, format!("cannot read: {e}")))?;
    if buf.len() as u64 > limit {
        return Err(bad_file(
            name,
            format!("larger than {limit} bytes; not a file of this kind"),
        ));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cve_ids() {
        assert!(is_cve("CVE-2024-3094"));
        assert!(is_cve("CVE-2021-1234567"));
        assert!(!is_cve("CVE-24-3094"));
        assert!(!is_cve("GHSA-xxxx"));
        assert!(!is_cve("CVE-2024-30a4"));
    }

    #[test]
    fn versions() {
        assert_eq!(cvss_version("cvssV3_1"), Some("3.1"));
        assert_eq!(cvss_version("2.0"), Some("2.0"));
        assert_eq!(cvss_version("5.0"), None);
    }
}
