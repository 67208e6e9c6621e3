//! A Dockerfile parser faithful to BuildKit's frontend, a POSIX shell reader
//! for `RUN` bodies, and a linter implementing hadolint's DL rules plus
//! bosun's own `BL` rules.
//!
//! ```
//! let findings = bosun_dockerfile::lint("Dockerfile", "FROM debian\n", &Default::default());
//! assert!(findings.iter().any(|f| f.code == "DL3006"));
//! ```

pub mod config;
pub mod error;
pub mod finding;
pub mod lint;
pub mod model;
pub mod parser;
pub mod rules;
pub mod shell;
pub mod shlex;
pub mod work;

pub use config::{LabelType, LintConfig, Severity};
pub use error::ParseError;
pub use finding::Finding;
pub use lint::{lint, lint_dockerfile};
pub use model::{Dockerfile, Instruction, Stage};
pub use parser::{Parsed, parse};
pub use rules::{RULES, Rule, RuleDoc};
