//! FIRST's EPSS scores, as its daily CSV (`epss_scores-YYYY-MM-DD.csv.gz`)
//! publishes them:
//!
//! ```text
//! #model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z
//! cve,epss,percentile
//! CVE-1999-0001,0.01141,0.82155
//! ```
//!
//! No EPSS file is in the test data (FIRST's terms keep it out), so this
//! reader follows the format FIRST documents at
//! <https://www.first.org/epss/data_stats>: an optional `#` comment line
//! with `model_version` and `score_date`, a header naming the `cve`,
//! `epss` and `percentile` columns (in any order), then one row per CVE.
//! Read line by line; an import replaces the previous scores.

use std::io::BufRead;

use super::{EpssRow, FileFacts, Item, Sink, bad_file, is_cve};
use crate::error::Result;
use crate::ingest::Malformed;

/// The longest line accepted (a row is about 30 bytes).
const MAX_LINE: usize = 4096;

/// Reads an EPSS CSV.
pub fn read(reader: &mut dyn BufRead, name: &str, sink: &mut Sink<'_>) -> Result<FileFacts> {
    let mut facts = FileFacts::default();
    let mut columns: Option<(usize, usize, usize)> = None;
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let n = std::io::Read::take(&mut *reader, MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(|e| bad_file(name, format!("cannot read: {e}")))?;
        if n == 0 {
            break;
        }
        number += 1;
        if line.len() > MAX_LINE {
            return Err(bad_file(
                name,
                format!("line {number} is longer than {MAX_LINE} bytes; not an EPSS CSV"),
            ));
        }
        let text = String::from_utf8_lossy(&line);
        let text = text
            .trim_end_matches(['\n', '\r'])
            .trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            continue;
        }
        if let Some(comment) = text.strip_prefix('#') {
            for field in comment.split(',') {
                if let Some((k, v)) = field.split_once(':')
                    && k.trim() == "score_date"
                {
                    facts.data_date = Some(v.trim().to_owned());
                }
            }
            continue;
        }
        let fields: Vec<&str> = text.split(',').map(str::trim).collect();
        let Some((c, e, p)) = columns else {
            let find = |want: &str| fields.iter().position(|f| f.eq_ignore_ascii_case(want));
            match (find("cve"), find("epss"), find("percentile")) {
                (Some(c), Some(e), Some(p)) => columns = Some((c, e, p)),
                _ => {
                    return Err(bad_file(
                        name,
                        format!(
                            "line {number}: expected the header \"cve,epss,percentile\"; not an EPSS CSV"
                        ),
                    ));
                }
            }
            continue;
        };
        let field = |i: usize| fields.get(i).copied().unwrap_or("");
        let cve = field(c);
        let prob = field(e)
            .parse::<f64>()
            .ok()
            .filter(|x| (0.0..=1.0).contains(x));
        let pct = field(p)
            .parse::<f64>()
            .ok()
            .filter(|x| (0.0..=1.0).contains(x));
        let item = match (is_cve(cve), prob, pct) {
            (true, Some(score), Some(percentile)) => Ok(Item::Epss(EpssRow {
                cve: cve.to_owned(),
                score,
                percentile,
            })),
            _ => Err(Malformed {
                file: format!("{name}:{number}"),
                id: is_cve(cve).then(|| cve.to_owned()),
                reason: "expected a CVE id, a probability and a percentile between 0 and 1".into(),
            }),
        };
        sink(item)?;
    }
    if columns.is_none() {
        return Err(bad_file(
            name,
            "no \"cve,epss,percentile\" header; not an EPSS CSV",
        ));
    }
    Ok(facts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_rows_and_bad_rows() {
        let text = "#model_version:v2025.03.14,score_date:2025-08-25T12:55:00Z\r\ncve,epss,percentile\r\nCVE-1999-0001,0.01141,0.82155\nCVE-1999-0002,1.5,0.1\nfoo,0.1,0.1\n";
        let mut out = Vec::new();
        let facts = read(&mut text.as_bytes(), "e.csv", &mut |i| {
            out.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(facts.data_date.as_deref(), Some("2025-08-25T12:55:00Z"));
        assert_eq!(out.len(), 3);
        assert!(
            matches!(&out[0], Ok(Item::Epss(r)) if r.cve == "CVE-1999-0001" && r.percentile == 0.82155)
        );
        assert!(out[1].is_err() && out[2].is_err());
        assert!(read(&mut &b"a,b\n1,2\n"[..], "x", &mut |_| Ok(())).is_err());
        assert!(read(&mut &b""[..], "x", &mut |_| Ok(())).is_err());
    }
}
