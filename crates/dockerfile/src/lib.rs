//! A Dockerfile parser faithful to BuildKit's frontend, a POSIX shell parser
//! for `RUN` bodies, and a linter implementing hadolint's DL rules plus
//! bosun's own (`BL…`) rules.

pub mod error;
pub mod parser;
pub mod shlex;

pub use error::ParseError;
pub use parser::{Parsed, parse};
