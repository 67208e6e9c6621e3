//! Ecosystem names and package-name normalisation: defined once in
//! `bosun-types` (the matcher calls the same functions on installed
//! packages), re-exported here.

pub use bosun_types::ecosystem::*;
