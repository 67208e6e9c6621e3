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
