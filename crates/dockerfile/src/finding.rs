//! Lint findings: data, never errors. Defined in `bosun-types` (the
//! renderers depend on the data model only), re-exported here.

pub use bosun_types::lint::Finding;
