//! Rust: cargo-auditable sections in executables, and `Cargo.lock`.

pub mod auditable;
pub mod cargo_lock;
