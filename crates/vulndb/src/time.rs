//! Unix timestamps, RFC 3339 and ages: defined in `bosun-types`,
//! re-exported here.

pub use bosun_types::time::*;
