//! Image checks: the configuration and filesystem checks of `bosun scan
//! --scanners config` (in the spirit of the CIS Docker Benchmark section 4
//! and Dockle), and the space measures of `--scanners efficiency` (dive's).
//!
//! Every check is one file under `checks/`, registered in [`CHECKS`] with a
//! stable code, a title, a severity and the text `bosun scan --explain
//! CODE` prints. Checks read a [`Context`]: the image configuration and its
//! history always, and — when the walk kept the complete index — every
//! layer's entries, the requested account files and the SBOM. Findings are
//! data ([`ConfigFinding`]), attributed to the layer and history step that
//! caused them.

mod checks;
pub mod efficiency;
mod history;

use std::collections::BTreeMap;

use bosun_image::spec::ImageConfig;
use bosun_image::{Image, ImageRef, Layer};
use bosun_layers::{FileRequest, LayerIndex, Walk};
use bosun_types::Sbom;
use bosun_types::check::{ConfigFinding, Efficiency};
use bosun_types::mask::mask_command;

pub use crate::checks::{CHECKS, Check, Hit, Run};
pub use crate::history::{Step, split_segments, words};

/// The account files the checks read (besides `/etc/passwd`, which the
/// catalog already collects).
pub const ACCOUNT_FILES: [&str; 4] = ["etc/passwd", "etc/shadow", "etc/group", "etc/master.passwd"];

/// The largest account file read.
const MAX_ACCOUNT_FILE: u64 = 1 << 20;

/// What the walk must collect for the checks.
pub fn requests() -> Vec<FileRequest> {
    ACCOUNT_FILES
        .iter()
        .map(|p| FileRequest::path(p).max_size(MAX_ACCOUNT_FILE))
        .collect()
}

/// Everything the checks look at.
pub struct Context<'a> {
    /// The image configuration.
    pub config: &'a ImageConfig,
    /// How the image was named.
    pub reference: &'a ImageRef,
    /// Its layers (empty for a bare configuration).
    pub layers: &'a [Layer],
    /// The complete layer index, when the walk kept one; checks of files
    /// find nothing without it.
    pub index: Option<&'a LayerIndex>,
    /// The visible account files (`etc/shadow` → bytes).
    pub files: BTreeMap<&'a str, &'a [u8]>,
    /// The SBOM (packages, `/etc/passwd` users).
    pub sbom: Option<&'a Sbom>,
    /// The history, split into steps.
    pub steps: Vec<Step<'a>>,
}

impl<'a> Context<'a> {
    /// A context over an image configuration alone (configuration checks
    /// only).
    pub fn config_only(config: &'a ImageConfig, reference: &'a ImageRef) -> Self {
        Self {
            config,
            reference,
            layers: &[],
            index: None,
            files: BTreeMap::new(),
            sbom: None,
            steps: history::steps(config),
        }
    }

    /// A context over `image` and its walk (which must have kept the
    /// complete index for the file checks) and SBOM.
    pub fn new(image: &'a Image, walk: &'a Walk, sbom: Option<&'a Sbom>) -> Self {
        let mut files = BTreeMap::new();
        for f in walk.visible_files() {
            if ACCOUNT_FILES.contains(&f.path.as_str())
                && let Some(b) = f.content.bytes()
            {
                files.insert(f.path.as_str(), b);
            }
        }
        Self {
            config: &image.config,
            reference: &image.reference,
            layers: &image.layers,
            index: walk.index.is_complete().then_some(&walk.index),
            files,
            sbom,
            steps: history::steps(&image.config),
        }
    }

    /// The history step that made `layer`.
    pub fn step_of_layer(&self, layer: usize) -> Option<usize> {
        self.layers.get(layer)?.history
    }

    /// The layer history step `step` made, if it made one.
    pub fn layer_of_step(&self, step: usize) -> Option<usize> {
        self.layers.iter().position(|l| l.history == Some(step))
    }
}

/// Which scanners to run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Selection {
    /// Configuration and filesystem checks.
    pub config: bool,
    /// Efficiency measures and their checks.
    pub efficiency: bool,
}

/// What the checks found.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Failed checks, by layer, then code, then file.
    pub findings: Vec<ConfigFinding>,
    /// The efficiency measures, when asked for and the index was complete.
    pub efficiency: Option<Efficiency>,
}

/// Runs the selected checks over `ctx`.
pub fn run(ctx: &Context<'_>, sel: Selection) -> Checked {
    let efficiency = match ctx.index {
        Some(index) if sel.efficiency => {
            Some(efficiency::measure(ctx.config, ctx.layers, index, ctx.sbom))
        }
        _ => None,
    };
    let mut findings = Vec::new();
    for check in CHECKS {
        let hits = match check.run {
            Run::Config(f) if sel.config && (!check.needs_files || ctx.index.is_some()) => f(ctx),
            Run::Efficiency(f) if sel.efficiency => {
                efficiency.as_ref().map(|e| f(ctx, e)).unwrap_or_default()
            }
            _ => continue,
        };
        for hit in hits {
            findings.push(finding(ctx, check, hit));
        }
    }
    findings.sort_by(|a, b| (a.layer, &a.code, &a.file).cmp(&(b.layer, &b.code, &b.file)));
    Checked {
        findings,
        efficiency,
    }
}

fn finding(ctx: &Context<'_>, check: &Check, hit: Hit) -> ConfigFinding {
    let layer = hit
        .layer
        .or_else(|| hit.step.and_then(|s| ctx.layer_of_step(s)));
    let step = hit
        .step
        .or_else(|| layer.and_then(|l| ctx.step_of_layer(l)));
    ConfigFinding {
        code: check.code.to_owned(),
        title: check.title.to_owned(),
        severity: check.severity,
        message: hit.message,
        file: hit.file.unwrap_or_else(|| "config".to_owned()),
        layer,
        layer_digest: layer
            .and_then(|l| ctx.layers.get(l))
            .and_then(|l| l.digest.as_ref())
            .map(ToString::to_string),
        history: step
            .and_then(|s| ctx.config.history.get(s))
            .and_then(|h| h.created_by.as_deref())
            .map(mask_command),
        suppressed: None,
    }
}

/// The check with this code (any case).
pub fn check(code: &str) -> Option<&'static Check> {
    CHECKS.iter().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// Whether the check with this code reads the efficiency measures (so
/// running it needs `Selection::efficiency`).
pub fn is_efficiency(code: &str) -> bool {
    check(code).is_some_and(|c| matches!(c.run, Run::Efficiency(_)))
}

/// Every code, for error messages.
pub fn codes() -> Vec<&'static str> {
    CHECKS.iter().map(|c| c.code).collect()
}
