//! .NET: `*.deps.json` beside built applications and, in source trees,
//! NuGet's `packages.lock.json`.

pub mod deps_json;
pub mod packages_lock;
