//! Exit statuses, documented in the README: 0 pass, 1 policy or gate
//! failure, 2 usage or runtime error.

use std::process::ExitCode;

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    /// Everything checked passed.
    Success,
    /// A gate, threshold or policy failed (findings at or above the limit).
    Failure,
    /// A usage or runtime error.
    Error,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> Self {
        match status {
            Status::Success => ExitCode::from(0),
            Status::Failure => ExitCode::from(1),
            Status::Error => ExitCode::from(2),
        }
    }
}
