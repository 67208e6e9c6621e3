//! What a job tells its caller while it runs: walk progress (the layer
//! walk's own [`bosun_layers::Progress`]), registry pulls and warnings.
//! The binary draws a progress bar and prints warnings on stderr; a
//! service may log them or attach them to its answer.

use std::path::PathBuf;

use bosun_types::Problem;

/// Something worth telling that does not stop the job.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// The catalog result could not be written to the cache; the next run
    /// walks again.
    CacheWrite {
        /// The cache directory.
        dir: PathBuf,
        /// Why.
        message: String,
    },
    /// A package database could not be read (also kept in
    /// [`Sbom::problems`](bosun_types::Sbom::problems)).
    Problem(Problem),
    /// The vulnerability data is older than the warning threshold.
    StaleDatabase(String),
    /// An ignore entry expired and no longer applies.
    ExpiredIgnore(bosun_types::ExpiredIgnore),
}

/// Receives progress and warnings. Every method has a do-nothing default.
pub trait Observer: bosun_layers::Progress {
    /// The layer walk ended (successfully or not).
    fn walk_done(&self) {}
    /// A registry image was pulled: blobs fetched now and their bytes,
    /// blobs already cached.
    fn pulled(&self, _digest: &str, _fetched: usize, _bytes: u64, _cached: usize) {}
    /// A warning.
    fn warning(&self, _warning: &Warning) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl bosun_layers::Progress for Quiet {
    fn start(&self, _sizes: &[u64]) {}
    fn advance(&self, _layer: usize, _bytes: u64) {}
}

impl Observer for Quiet {}
