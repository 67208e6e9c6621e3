//! The package record every cataloger produces, OS or language alike.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One installed package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    /// The name as the package manager knows it.
    pub name: String,
    /// The version as the package manager writes it (rpm: `[epoch:]version-release`).
    pub version: String,
    /// The package type: `deb`, `apk`, `rpm` (the PURL type).
    #[serde(rename = "type")]
    pub kind: String,
    /// The OSV ecosystem (`Debian:12`, `Alpine:v3.20`, `PyPI`…), when known.
    pub ecosystem: Option<String>,
    /// The package URL.
    pub purl: String,
    /// The source package it was built from, when the database says.
    pub source: Option<SourcePackage>,
    /// The architecture.
    pub arch: Option<String>,
    /// Licenses as declared (SPDX identifiers where the source uses them).
    pub licenses: Vec<String>,
    /// Files the package owns, absolute paths.
    pub files: Vec<String>,
    /// Where the package was found: its database file(s).
    pub locations: Vec<Location>,
    /// The layer that first installed this version of the package.
    pub introduced_layer: Option<LayerRef>,
    /// The layer holding the database it was read from, in the final image.
    pub db_layer: Option<LayerRef>,
    /// The cataloger that found it (`dpkg`, `apk`, `rpm`).
    pub cataloger: String,
    /// Format-specific facts, namespaced by cataloger (`rpm:modularitylabel`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, String>,
}

/// The source package a binary package was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePackage {
    /// Its name.
    pub name: String,
    /// Its version, when it differs or is recorded.
    pub version: Option<String>,
}

/// A file a package was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// Absolute path in the image.
    pub path: String,
    /// The layer the read version came from.
    pub layer: Option<LayerRef>,
}

/// A layer of the image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRef {
    /// Position in the manifest, from 0.
    pub index: usize,
    /// The compressed blob digest, when the image has one.
    pub digest: Option<String>,
    /// The uncompressed diff ID, when known.
    pub diff_id: Option<String>,
}

impl Package {
    /// A package with the given identity and nothing else known yet.
    pub fn new(kind: &str, name: &str, version: &str, cataloger: &str) -> Self {
        Self {
            name: name.to_owned(),
            version: version.to_owned(),
            kind: kind.to_owned(),
            ecosystem: None,
            purl: String::new(),
            source: None,
            arch: None,
            licenses: Vec::new(),
            files: Vec::new(),
            locations: Vec::new(),
            introduced_layer: None,
            db_layer: None,
            cataloger: cataloger.to_owned(),
            properties: BTreeMap::new(),
        }
    }
}
