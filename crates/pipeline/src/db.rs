//! Opening the vulnerability database for a scan, with its freshness
//! checked: an error past the caller's limit, a warning past the
//! configured age.

use std::path::PathBuf;
use std::time::Duration;

use bosun_types::time::{format_age, now};
use bosun_vulndb::{DbStatus, Store};

use crate::error::Error;
use crate::observe::{Observer, Warning};

/// Where the database is and how old it may be.
#[derive(Debug, Clone)]
pub struct DbSettings {
    /// The database file.
    pub path: PathBuf,
    /// Refuse data older than this (`--db-max-age`).
    pub refuse_after: Option<Duration>,
    /// Warn about data older than this (`db.max-age`).
    pub warn_after: Duration,
}

/// The warning for data older than `max_age` (or of unknown age), if due.
pub fn stale_warning(st: &DbStatus, max_age: Duration, now: i64) -> Option<String> {
    let limit = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
    match st.age_secs(now) {
        Some(age) if age > limit => Some(format!(
            "the vulnerability data was last updated {} ago (more than {}); run `bosun db update`",
            format_age(age),
            format_age(limit)
        )),
        None => Some("the vulnerability database has no sources; run `bosun db update`".into()),
        _ => None,
    }
}

/// Opens the database for a scan: a clear error when there is none or it
/// is older than [`DbSettings::refuse_after`], a warning to `observer`
/// when it is older than [`DbSettings::warn_after`].
pub fn open_db(settings: &DbSettings, observer: &dyn Observer) -> Result<Store, Error> {
    let path = &settings.path;
    if !path.exists() {
        return Err(Error::NoDatabase { path: path.clone() });
    }
    let db_err = |source| Error::Database {
        path: path.clone(),
        source,
    };
    let store = Store::open(path).map_err(db_err)?;
    let st = store.status().map_err(db_err)?;
    let now = now();
    if let Some(limit) = settings.refuse_after {
        let secs = i64::try_from(limit.as_secs()).unwrap_or(i64::MAX);
        match st.age_secs(now) {
            Some(age) if age <= secs => {}
            Some(age) => {
                return Err(Error::TooOld {
                    age: format_age(age),
                    limit: format_age(secs),
                });
            }
            None => return Err(Error::NoSources),
        }
    }
    if let Some(w) = stale_warning(&st, settings.warn_after, now) {
        observer.warning(&Warning::StaleDatabase(w));
    }
    Ok(store)
}
