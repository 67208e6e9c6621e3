//! A per-thread step counter for the loops whose cost depends on the input
//! (the shell reader, the parser, rule context look-ups). Tests read it to
//! check that linting does work linear in the input without timing
//! anything; it costs one thread-local add per counted step.

#![warn(clippy::indexing_slicing)]

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Counts `n` steps on this thread.
pub(crate) fn add(n: usize) {
    STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
}

/// Steps counted on this thread since the last [`reset`].
pub fn steps() -> u64 {
    STEPS.with(Cell::get)
}

/// Sets this thread's counter back to zero.
pub fn reset() {
    STEPS.with(|s| s.set(0));
}
