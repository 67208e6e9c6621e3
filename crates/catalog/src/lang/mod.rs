//! Language package catalogers: what application package managers
//! installed (metadata directories, `node_modules`, gemspecs, binaries,
//! archives…) and, for source trees, what lockfiles and manifests declare.

pub mod dotnet;
mod exe;
pub mod file;
pub mod go;
pub mod java;
pub mod javascript;
pub mod php;
pub mod python;
pub mod ruby;
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
