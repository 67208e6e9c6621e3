//! bosun's data model: plain serde types and the few pure functions that
//! belong with them, shared by the catalogers, the advisory store, the
//! matcher and the renderers. It depends on serde and nothing of bosun's,
//! so that matching and rendering need not build SQLite, HTTP or zip.
//!
//! - [`sbom`], [`package`], [`distro`]: what is in an image.
//! - [`purl`]: package URLs, built, parsed and compared.
//! - [`ecosystem`]: OSV ecosystem names and package-name normalisation.
//! - [`osv`]: the OSV record model; [`advisory`]: what the store answers,
//!   and the [`advisory::AdvisorySource`] trait the matcher queries.
//! - [`finding`], [`explain`]: the scan report and `explain`'s answer.
//! - [`check`]: image configuration and efficiency findings.
//! - [`secret`]: secret findings; [`mask`]: masking of secret values.
//! - [`enrich`]: CVSS scores, KEV, EPSS and distro tracker statuses by CVE.
//! - [`time`], [`date`]: Unix times, RFC 3339 and calendar dates.

pub mod advisory;
pub mod check;
pub mod date;
pub mod dirs;
pub mod distro;
pub mod ecosystem;
pub mod enrich;
pub mod explain;
pub mod finding;
pub mod inspect;
pub mod lint;
pub mod mask;
pub mod osv;
pub mod package;
pub mod purl;
pub mod sbom;
pub mod secret;
pub mod time;

pub use crate::advisory::AdvisorySource;
pub use crate::check::{ConfigFinding, Efficiency};
pub use crate::date::Date;
pub use crate::distro::Distro;
pub use crate::enrich::{CvssScore, DistroStatus, Enrichment, Epss, Kev, Origin};
pub use crate::finding::{
    DbInfo, DbSource, Evidence, ExpiredIgnore, Finding, FixStatus, PackageRef, Report, SCAN_SCHEMA,
    Score, Severity, Suppression, UnknownSeverity, Unmatched,
};
pub use crate::package::{LayerRef, Location, Package, SourcePackage};
pub use crate::purl::Purl;
pub use crate::sbom::{ImageInfo, LayerInfo, Problem, SBOM_SCHEMA, Sbom};
pub use crate::secret::SecretFinding;
