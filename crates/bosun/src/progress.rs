//! Progress on stderr (hidden when stderr is not a terminal) and the colour
//! decision for stdout.

use std::io::IsTerminal;

/// Whether stdout may carry colour: a terminal, no `--no-color`, no `NO_COLOR`.
pub(crate) fn color_enabled(no_color_flag: bool) -> bool {
    !no_color_flag
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
}
