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
