//! Unix timestamps, their RFC 3339 form, and ages such as `7d`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `2024-05-01T12:00:00Z` for a Unix timestamp (UTC).
pub fn rfc3339(ts: i64) -> String {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

// Howard Hinnant's days-to-civil conversion (proleptic Gregorian calendar).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// Parses an age such as `90s`, `30m`, `12h`, `7d` or `2w` (a bare number
/// means days).
pub fn parse_age(text: &str) -> Result<Duration, AgeError> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| AgeError::NoNumber(text.to_owned()))?;
    let mult = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "" | "d" => 86_400,
        "w" => 7 * 86_400,
        u => {
            return Err(AgeError::UnknownUnit {
                text: text.to_owned(),
                unit: u.to_owned(),
            });
        }
    };
    n.checked_mul(mult)
        .map(Duration::from_secs)
        .ok_or_else(|| AgeError::TooLarge(text.to_owned()))
}

/// Why an age such as `--db-max-age 7d` was refused; each names the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AgeError {
    /// No leading number.
    #[error("invalid age {0:?}: expected a number and a unit (s, m, h, d, w)")]
    NoNumber(String),
    /// A unit other than s, m, h, d or w.
    #[error("invalid age {text:?}: unknown unit {unit:?} (use s, m, h, d or w)")]
    UnknownUnit {
        /// The whole age as given.
        text: String,
        /// The unit part.
        unit: String,
    },
    /// More seconds than fit in 64 bits.
    #[error("invalid age {0:?}: too large")]
    TooLarge(String),
}

/// `3d 4h`-style rendering of an age, for messages.
pub fn format_age(secs: i64) -> String {
    let s = secs.max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h {}m", s / 3600, s % 3600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3600),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
    }

    #[test]
    fn ages() {
        assert_eq!(parse_age("7d").unwrap().as_secs(), 604_800);
        assert_eq!(parse_age("12h").unwrap().as_secs(), 43_200);
        assert_eq!(parse_age("3").unwrap().as_secs(), 259_200);
        assert!(parse_age("d").is_err());
        assert!(parse_age("5y").is_err());
        assert_eq!(format_age(90_000), "1d 1h");
    }
}
