//! The layer walk: every layer of an image streamed once, in parallel, into
//! a [`LayerIndex`] that knows, for every path, which layers wrote or
//! deleted it and what the final filesystem holds.
//!
//! Catalogers declare up front which files they need ([`FileRequest`]: exact
//! paths, globs, or kinds such as ELF binaries) and receive those files'
//! contents with the layer each came from; nothing else is kept in memory
//! or written to disk. A request may carry an [`Extractor`] that reads what
//! it needs from the captured file (a section of a binary, a few entries of
//! an archive) on the layer thread; only its result is kept.
//!
//! Input is hostile: entries that climb above the root are refused, device
//! files are indexed but never read, symbolic links are only resolved inside
//! the image root, and [`Limits`] bound bytes, entries, path lengths and
//! link hops.

mod cache;
mod error;
mod gitignore;
mod index;
/// Masking of secrets in configuration text (in `bosun-types`, shared with
/// the policy engine).
pub use bosun_types::mask;
mod path;
mod request;
mod rootfs;
mod summary;
mod visibility;
mod walk;

pub use crate::cache::LayerCache;
pub use crate::error::{Error, Result};
pub use crate::index::{Change, EntryKind, FileInfo, IndexMode, LayerEntry, LayerIndex, Op};
pub use crate::mask::{is_secret_name, mask_command};
pub use crate::request::{Content, Extractor, FileKind, FileRequest, ReadSeek, Selector};
pub use crate::summary::{
    ConfigSummary, EnvVar, HistoryStep, INSPECT_SCHEMA, Inspection, LayerSummary, Sizes,
    config_summary, inspection,
};
pub use crate::walk::{
    FoundFile, LayerReport, Limits, NoProgress, Progress, Walk, WalkOptions, Warning, walk,
};
