//! Java: archives (nested), and `pom.xml`/`gradle.lockfile` in source trees.

pub mod archive;
pub mod gradle;
pub mod pom;
