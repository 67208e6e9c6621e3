//! Go: module build information in executables, and `go.mod` in source trees.

pub mod binary;
pub mod gomod;
