//! A small SARIF 2.1.0 model (the subset bosun emits), serialised with the
//! property names of the OASIS schema. GitHub code scanning reads it.

use serde::Serialize;

/// The schema URI written into every log.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A whole SARIF file.
#[derive(Debug, Clone, Serialize)]
pub struct Log {
    /// Schema URI.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// Always `2.1.0`.
    pub version: &'static str,
    /// One run per tool invocation.
    pub runs: Vec<Run>,
}

impl Log {
    /// A log with a single run.
    pub fn new(run: Run) -> Self {
        Self {
            schema: SCHEMA,
            version: "2.1.0",
            runs: vec![run],
        }
    }
}

/// One invocation of one tool.
#[derive(Debug, Clone, Serialize)]
pub struct Run {
    /// The tool.
    pub tool: Tool,
    /// What it found.
    pub results: Vec<SarifResult>,
}

/// The tool wrapper.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// The tool itself.
    pub driver: Driver,
}

/// The tool component.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// `bosun`.
    pub name: String,
    /// bosun's version.
    pub version: String,
    /// Project home page.
    pub information_uri: String,
    /// Rules referenced by results (by `ruleIndex`).
    pub rules: Vec<ReportingDescriptor>,
}

/// A rule's metadata.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportingDescriptor {
    /// Rule code.
    pub id: String,
    /// One-line description.
    pub short_description: Message,
    /// Longer description.
    pub full_description: Message,
    /// How to fix, plain text and Markdown.
    pub help: MultiformatMessage,
    /// Default level.
    pub default_configuration: Configuration,
}

/// A rule's default configuration.
#[derive(Debug, Clone, Serialize)]
pub struct Configuration {
    /// Default level.
    pub level: Level,
}

/// Plain text message.
#[derive(Debug, Clone, Serialize)]
pub struct Message {
    /// The text.
    pub text: String,
}

/// Text plus Markdown.
#[derive(Debug, Clone, Serialize)]
pub struct MultiformatMessage {
    /// Plain text.
    pub text: String,
    /// Markdown.
    pub markdown: String,
}

/// SARIF result levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Serious.
    Error,
    /// Possible problem.
    Warning,
    /// Informational.
    Note,
    /// Nothing to report at this level.
    None,
}

/// One finding.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// Rule code.
    pub rule_id: String,
    /// Index into `driver.rules`.
    pub rule_index: usize,
    /// Level.
    pub level: Level,
    /// What is wrong.
    pub message: Message,
    /// Where.
    pub locations: Vec<Location>,
}

/// A location.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// File and region.
    pub physical_location: PhysicalLocation,
}

/// File and region.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The lines and columns.
    pub region: Region,
}

/// A file reference.
#[derive(Debug, Clone, Serialize)]
pub struct ArtifactLocation {
    /// Relative or absolute URI.
    pub uri: String,
}

/// A text region (1-based).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// First line.
    pub start_line: usize,
    /// First column.
    pub start_column: usize,
}

/// Turns a file path into a SARIF URI: forward slashes, percent-escaping
/// the characters URIs cannot hold.
pub fn path_to_uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:@!$&'()*+,;=".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
