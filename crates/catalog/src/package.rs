//! The package record every cataloger produces: defined in `bosun-types`,
//! re-exported here.

pub use bosun_types::package::{LayerRef, Location, Package, SourcePackage};
