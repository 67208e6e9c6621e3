//! Output formats for bosun's results. Each format is one module; the
//! SARIF 2.1.0 model in [`sarif`] is shared by every command that emits
//! SARIF (lint and scan).

pub mod lint;
pub mod sarif;
pub mod sbom;
pub mod scan;
