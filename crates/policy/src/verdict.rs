//! The verdict: what each rule found, which exceptions applied, and the
//! decision — the `bosun.verdict/v1` JSON shape is these types serialised.
//! It records what an auditor needs to replay the decision: the image
//! digest, the policy file's SHA-256, the database's age and sources,
//! bosun's version and the time.

use serde::Serialize;

use crate::allow::AllowEntry;
use crate::file::Action;

/// The JSON schema name of [`Verdict`].
pub const VERDICT_SCHEMA: &str = "bosun.verdict/v1";

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Ship it.
    Go,
    /// Ship it, but look at the warnings.
    Warn,
    /// Do not ship it.
    Stop,
}

impl Decision {
    /// `go`, `warn` or `stop`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Go => "go",
            Decision::Warn => "warn",
            Decision::Stop => "stop",
        }
    }
}

/// How one rule came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing found.
    Pass,
    /// Something found (its action applies).
    Fail,
    /// The rule could not be evaluated (no Dockerfile given…) and does not
    /// fail closed.
    Skipped,
}

/// One thing a rule found.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evidence {
    /// One line for people (`CVE-2023-45853 in zlib1g 1:1.2.13.dfsg-1`).
    pub subject: String,
    /// The vulnerability id, for vulnerability rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vulnerability: Option<String>,
    /// Its other ids.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// The package name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// The package version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The package URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purl: Option<String>,
    /// A path in the image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The severity, for vulnerability and lint rules.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The score that decided, with its vector, version and source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<bosun_types::Score>,
    /// The layer, when it matters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<usize>,
    /// The line in `path`, for evidence in a file bosun read (a Dockerfile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// A number to rank evidence by (a CVSS score, bytes, hours…); the
    /// highest is the rule's worst evidence.
    #[serde(skip)]
    pub rank: f64,
}

/// An exception that excused a piece of evidence.
#[derive(Debug, Clone, Serialize)]
pub struct Allowed {
    /// The entry.
    pub entry: AllowEntry,
    /// What it excused.
    pub evidence: Evidence,
}

/// One rule's result.
#[derive(Debug, Clone, Serialize)]
pub struct RuleResult {
    /// The rule's id.
    pub id: String,
    /// Its kind.
    pub kind: &'static str,
    /// Its action.
    pub action: Action,
    /// Its message.
    pub message: String,
    /// Pass, fail or skipped.
    pub status: Status,
    /// Why it was skipped, or how it failed closed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How many pieces of evidence remain after exceptions.
    pub count: usize,
    /// The evidence, worst first.
    pub evidence: Vec<Evidence>,
    /// Evidence excused by the allowlist.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<Allowed>,
}

impl RuleResult {
    /// The decision this rule contributes.
    pub fn decision(&self) -> Decision {
        match (self.status, self.action) {
            (Status::Fail, Action::Stop) => Decision::Stop,
            (Status::Fail, Action::Warn) => Decision::Warn,
            _ => Decision::Go,
        }
    }
}

/// The image a verdict is about.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImageId {
    /// The reference as gated.
    pub reference: String,
    /// The manifest digest.
    pub digest: Option<String>,
    /// `os/arch[/variant]`.
    pub platform: Option<String>,
}

/// The policy that decided.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyId {
    /// The policy file.
    pub file: String,
    /// Its SHA-256.
    pub sha256: String,
    /// The policy's name.
    pub name: String,
    /// The mapping that chose it (`None`: the default policy).
    pub mapping: Option<String>,
}

/// The verdict for one platform of an image.
#[derive(Debug, Clone, Serialize)]
pub struct PlatformVerdict {
    /// The image.
    pub image: ImageId,
    /// The decision for this platform.
    pub verdict: Decision,
    /// The base image, when it could be determined, and how.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<crate::subject::BaseImage>,
    /// How many of the bottom layers are the base image's, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base_layers: Option<usize>,
    /// Each rule, in policy order.
    pub rules: Vec<RuleResult>,
    /// Allowlist entries of the mapping that have expired.
    pub expired_allowlist: Vec<AllowEntry>,
}

/// The whole verdict, over every platform gated.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// Always [`VERDICT_SCHEMA`].
    pub schema: &'static str,
    /// The decision: the worst over all platforms.
    pub verdict: Decision,
    /// Whether warnings fail (`--strict`).
    pub strict: bool,
    /// The reference gated, as given.
    pub reference: String,
    /// The index digest, when the image is multi-platform.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_digest: Option<String>,
    /// The policy.
    pub policy: PolicyId,
    /// The database: its sources and the age of the oldest, in hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<DatabaseId>,
    /// bosun's version.
    pub bosun_version: String,
    /// When (RFC 3339 UTC).
    pub time: String,
    /// Each platform's result.
    pub platforms: Vec<PlatformVerdict>,
}

/// The database a verdict used.
#[derive(Debug, Clone, Serialize)]
pub struct DatabaseId {
    /// Its sources.
    pub sources: Vec<String>,
    /// Age of the oldest source, in hours.
    pub age_hours: f64,
}

impl Verdict {
    /// Whether the gate passes: `go`, or `warn` unless strict.
    pub fn passes(&self) -> bool {
        match self.verdict {
            Decision::Go => true,
            Decision::Warn => !self.strict,
            Decision::Stop => false,
        }
    }
}
