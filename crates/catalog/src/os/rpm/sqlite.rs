//! rpm's SQLite database (`rpmdb.sqlite`, rpm ≥ 4.16): the `Packages`
//! table's `blob` column holds one header per row. Opened read-only and
//! immutable from a private copy, so a hostile file cannot make SQLite
//! write or look for journals.

use std::io::Write;

use rusqlite::{Connection, OpenFlags};

use super::DbError;

/// Every header blob in the database bytes `b`.
pub fn values(b: &[u8]) -> Result<Vec<Vec<u8>>, DbError> {
    if !b.starts_with(b"SQLite format 3\0") {
        return Err(DbError::NotA("an SQLite database"));
    }
    let mut f = tempfile::NamedTempFile::new()?;
    f.write_all(b)?;
    f.flush()?;
    let uri = format!("file:{}?immutable=1", f.path().display());
    let conn = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    let mut stmt = conn.prepare("SELECT blob FROM Packages")?;
    let rows = stmt.query_map([], |r| r.get::<_, Vec<u8>>(0))?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}
