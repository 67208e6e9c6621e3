//! Language package catalogers.

mod exe;
pub mod go;
pub mod java;
pub mod rust;

use crate::catalog::DbFile;
use crate::error::{Error, Result};

/// A manifest's absolute path (for errors) and its text.
pub(crate) fn text_of(db: &DbFile) -> Result<(String, String)> {
    let path = format!("/{}", db.path);
    let bytes = db.bytes()?.into_owned();
    let text = String::from_utf8(bytes).map_err(|_| Error::malformed(&path, "not UTF-8"))?;
    Ok((path, text))
}
