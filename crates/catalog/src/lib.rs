//! What is installed in an image: the distribution ([`distro`]) and the
//! packages its package managers recorded, read from their databases as
//! they stand in every layer.
//!
//! Each package source is one [`Cataloger`] (registered in
//! [`catalogers`]). A cataloger declares the files it needs up front as
//! [`FileRequest`]s; the layer walk collects every layer's version of them,
//! and the cataloger turns one database version into [`Package`]s. The
//! framework in [`catalog`] then works out, for each package of the final
//! filesystem, the layer that first installed it and the layer holding the
//! database it was read from.
//!
//! Input is hostile: a damaged database yields a [`Problem`] naming the
//! file, never a panic or a hang.

pub mod accounts;
pub mod cache;
mod catalog;
mod config;
pub mod distro;
mod error;
pub mod lang;
pub mod os;
mod package;
pub mod purl;

pub use crate::catalog::{
    CATALOG_VERSION, Cataloger, DbFile, ImageInfo, Input, LayerInfo, Problem, SBOM_SCHEMA, Sbom,
    catalog, catalog_walk, catalogers, image_layers, requests,
};
pub use crate::catalog::{Source, catalogers_for, catalogers_with, fingerprint};
pub use crate::config::CatalogConfig;
pub use crate::distro::Distro;
pub use crate::error::{Error, Result};
pub use crate::package::{LayerRef, Location, Package, SourcePackage};
pub use bosun_layers::FileRequest;
