//! Progress on stderr (hidden when stderr is not a terminal or with
//! `--quiet`) and the colour decision for stdout.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether stdout may carry colour: a terminal, no `--no-color`, no `NO_COLOR`.
pub(crate) fn color_enabled(no_color_flag: bool) -> bool {
    !no_color_flag
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}

/// One bar over the compressed bytes of all layers.
pub(crate) struct WalkProgress {
    bar: ProgressBar,
}

impl WalkProgress {
    pub(crate) fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let b = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            b.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec})",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
            );
            b
        };
        Self { bar }
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl bosun_layers::Progress for WalkProgress {
    fn start(&self, sizes: &[u64]) {
        self.bar.set_length(sizes.iter().sum());
        self.bar
            .set_message(format!("reading {} layers", sizes.len()));
    }

    fn advance(&self, _layer: usize, bytes: u64) {
        self.bar.inc(bytes);
    }
}

/// The binary's [`bosun_pipeline::Observer`]: the walk's progress bar, the
/// pull summary (unless `--quiet`) and warnings, on stderr.
pub(crate) struct Reporter {
    walk: WalkProgress,
    quiet: bool,
}

impl Reporter {
    pub(crate) fn new(quiet: bool) -> Self {
        Self {
            walk: WalkProgress::new(quiet),
            quiet,
        }
    }
}

impl bosun_layers::Progress for Reporter {
    fn start(&self, sizes: &[u64]) {
        self.walk.start(sizes);
    }

    fn advance(&self, layer: usize, bytes: u64) {
        self.walk.advance(layer, bytes);
    }
}

#[allow(clippy::print_stderr)]
impl bosun_pipeline::Observer for Reporter {
    fn walk_done(&self) {
        self.walk.finish();
    }

    fn pulled(&self, digest: &str, fetched: usize, bytes: u64, cached: usize) {
        if !self.quiet && fetched > 0 {
            eprintln!(
                "pulled {digest}: {fetched} blobs ({:.1} MB), {cached} already cached",
                bytes as f64 / 1e6,
            );
        }
    }

    fn warning(&self, warning: &bosun_pipeline::Warning) {
        use bosun_pipeline::Warning;
        match warning {
            Warning::CacheWrite { dir, message } => eprintln!(
                "bosun: warning: cannot write cache in {}: {message}",
                dir.display()
            ),
            Warning::Problem(p) => eprintln!(
                "bosun: warning: {} (layer {}): {}",
                p.path, p.layer, p.message
            ),
            Warning::StaleDatabase(w) => eprintln!("bosun: warning: {w}"),
            Warning::ExpiredIgnore(e) => eprintln!(
                "bosun: warning: {}: the ignore entry for {}{} expired on {}; it no longer applies ({})",
                e.source,
                e.id,
                e.package
                    .as_deref()
                    .map(|p| format!(" in {p}"))
                    .unwrap_or_default(),
                e.expires,
                e.reason
            ),
            _ => eprintln!("bosun: warning: {warning:?}"),
        }
    }
}
