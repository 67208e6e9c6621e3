//! A calendar date (`YYYY-MM-DD`), enough for ignore-entry expiry: no
//! time zones, no date-time crate (the conversion from Unix time is
//! `crate::time`'s).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A proleptic Gregorian calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, when it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Self { year, month, day })
    }

    /// Today in UTC.
    pub fn today() -> Self {
        Self::from_unix(crate::time::now())
    }

    /// Days from 1970-01-01 to this date (negative before it), for ages
    /// in days. Counts in 400-year eras of 146,097 days, with years taken
    /// to start in March so the leap day falls at the end of one.
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let month_from_march = (m + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The UTC date of a Unix timestamp.
    pub fn from_unix(ts: i64) -> Self {
        // rfc3339 always writes a valid date first.
        crate::time::rfc3339(ts).parse().unwrap_or(Self {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

impl FromStr for Date {
    type Err = String;

    /// `YYYY-MM-DD`; a longer RFC 3339 date-time is cut to its date.
    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let date = s.get(..10).unwrap_or(s);
        let bad = || format!("invalid date {s:?} (want YYYY-MM-DD)");
        if s.len() > 10 && !s[10..].starts_with(['T', 't', ' ']) {
            return Err(bad());
        }
        let mut it = date.split('-');
        let (Some(y), Some(m), Some(d), None) = (it.next(), it.next(), it.next(), it.next()) else {
            return Err(bad());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(bad());
        }
        let num = |t: &str| t.parse::<u32>().map_err(|_| bad());
        let (y, m, d) = (num(y)?, num(m)?, num(d)?);
        Self::new(
            i32::try_from(y).map_err(|_| bad())?,
            u8::try_from(m).map_err(|_| bad())?,
            u8::try_from(d).map_err(|_| bad())?,
        )
        .ok_or_else(bad)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let a: Date = "2024-02-29".parse().unwrap();
        assert_eq!(a.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-13-01".parse::<Date>().is_err());
        assert!("24-1-1".parse::<Date>().is_err());
        assert!("2024-01-01x".parse::<Date>().is_err());
        let b: Date = "2024-03-01T00:00:00Z".parse().unwrap();
        assert!(a < b);
    }

    #[test]
    fn unix_times() {
        assert_eq!(Date::from_unix(0).to_string(), "1970-01-01");
        assert_eq!(
            Date::from_unix(19_782 * 86_400 + 5).to_string(),
            "2024-02-29"
        );
        assert_eq!(Date::from_unix(-1).to_string(), "1969-12-31");
    }

    proptest::proptest! {
        #[test]
        fn display_parse_round_trip(ts in -10_000_000_000i64..10_000_000_000) {
            let d = Date::from_unix(ts);
            proptest::prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
            proptest::prop_assert!(Date::from_unix(ts + 86_400) > d);
        }
    }

    #[test]
    fn days_since_epoch() {
        for (d, n) in [
            ("1970-01-01", 0),
            ("1969-12-31", -1),
            ("2000-02-29", 11_016),
            ("2000-03-01", 11_017),
            ("2024-01-02", 19_724),
            ("1900-03-01", -25_508),
        ] {
            assert_eq!(d.parse::<Date>().unwrap().days_since_epoch(), n, "{d}");
        }
        for ts in [0_i64, 86_399, 951_782_400, 1_704_164_645, 4_102_444_800] {
            assert_eq!(
                Date::from_unix(ts).days_since_epoch(),
                ts.div_euclid(86_400)
            );
        }
    }
}
