//! Language package catalogers: what application package managers
//! installed (metadata directories, `node_modules`, gemspecs…) and, for
//! source trees, what lockfiles and manifests declare.

pub mod dotnet;
pub mod file;
pub mod javascript;
pub mod php;
pub mod python;
pub mod ruby;
