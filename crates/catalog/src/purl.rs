//! Package URLs: one implementation, in `bosun-types`; re-exported here.

pub use bosun_types::purl::*;
