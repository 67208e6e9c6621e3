//! How long operations report progress. The library never draws anything;
//! the binary implements [`Progress`] with progress bars.

/// What a progress count measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes downloaded.
    Bytes,
    /// Records read.
    Records,
}

/// Receives progress of downloads and imports. Every method has a no-op
/// default; one task runs at a time per receiver.
pub trait Progress: Sync {
    /// A task starts: `label` names it (an ecosystem, a file), `total` is
    /// known for downloads with a length and for zip archives.
    fn begin(&self, _label: &str, _total: Option<u64>, _unit: Unit) {}
    /// `n` more units are done.
    fn advance(&self, _n: u64) {}
    /// The current task ended; `outcome` says how in a few words.
    fn finish(&self, _outcome: &str) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {}
