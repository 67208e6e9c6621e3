//! `bosun db status --format json`: the database summary, its age against
//! the allowed maximum, and optionally the records refused as malformed.

use bosun_types::advisory::DbStatus;

/// One record refused as malformed, for the status document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedRow {
    /// The source it came from.
    pub source: String,
    /// The file within the source.
    pub file: String,
    /// The record's id, when it could be read.
    pub id: Option<String>,
    /// Why it was refused.
    pub reason: String,
}

/// The status document: `status`, `age_secs` (at `now`), `max_age_secs`,
/// `stale`, and `malformed` (`null` unless asked for). Newline-terminated.
pub fn status_json(
    st: &DbStatus,
    now: i64,
    max_age_secs: u64,
    stale: bool,
    malformed: Option<&[MalformedRow]>,
) -> Result<String, crate::Error> {
    let malformed = malformed.map(|rows| {
        rows.iter()
            .map(|m| {
                serde_json::json!({
                    "source": m.source, "file": m.file, "id": m.id, "reason": m.reason
                })
            })
            .collect::<Vec<_>>()
    });
    let json = serde_json::json!({
        "status": st,
        "age_secs": st.age_secs(now),
        "max_age_secs": max_age_secs,
        "stale": stale,
        "malformed": malformed,
    });
    Ok(crate::error::to_json("db status JSON", &json)? + "\n")
}
