//! What a policy looks at: plain data about one image (one platform),
//! however it was obtained — a fresh scan, a stored SBOM in the service, a
//! test. Nothing here reads an image or a database.

use std::collections::BTreeMap;

use bosun_types::Finding;
use serde::Serialize;

/// Everything the rules can see about one image.
#[derive(Debug, Clone, Default)]
pub struct Subject<'a> {
    /// The reference being gated, normalised (`registry/repository:tag`,
    /// or as given for local transports).
    pub reference: String,
    /// Whether the reference names a digest (`…@sha256:…`).
    pub pinned_by_digest: bool,
    /// The tag the reference names, if any.
    pub tag: Option<String>,
    /// The image's runtime configuration and shape.
    pub image: ImageFacts,
    /// Users from the image's `/etc/passwd` (name → UID), when read.
    pub users: Option<BTreeMap<String, u32>>,
    /// The base image, when it could be determined.
    pub base: Option<BaseImage>,
    /// How many of the bottom layers belong to the base image, when known.
    pub base_layers: Option<usize>,
    /// Vulnerability findings (after the ignore file and VEX).
    pub findings: &'a [Finding],
    /// The packages.
    pub packages: &'a [bosun_types::Package],
    /// Secrets found in the image, when the secret scanner ran.
    pub secrets: Option<&'a [bosun_types::SecretFinding]>,
    /// Image check findings, when the checks ran (after the ignore file).
    pub checks: Option<&'a [bosun_types::check::ConfigFinding]>,
    /// The efficiency measures, when they were taken.
    pub efficiency: Option<&'a bosun_types::check::Efficiency>,
    /// Dockerfile lint findings, when a Dockerfile was given.
    pub lint: Option<&'a [bosun_types::lint::Finding]>,
    /// The vulnerability database, when one was used.
    pub database: Option<DatabaseFacts>,
    /// The time of evaluation (Unix seconds).
    pub now: i64,
}

/// An image's configuration and size, as the rules need them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImageFacts {
    /// `USER` as set (empty when unset, which means root).
    pub user: String,
    /// The health check's test, when one is set.
    pub healthcheck: Option<Vec<String>>,
    /// Exposed ports (`22/tcp`).
    pub exposed_ports: Vec<String>,
    /// Environment variable names.
    pub env_names: Vec<String>,
    /// Labels.
    pub labels: BTreeMap<String, String>,
    /// Sum of the layer blobs, in bytes.
    pub size_bytes: u64,
    /// Number of layers.
    pub layer_count: usize,
}

/// The image an image was built from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseImage {
    /// Its reference (`docker.io/library/debian:12`), normalised.
    pub reference: String,
    /// Its digest, when known.
    pub digest: Option<String>,
    /// How it was found: `label` (`org.opencontainers.image.base.name`),
    /// `dockerfile` (the last `FROM`) or `layers` (its layers are the
    /// image's first layers).
    pub found_by: String,
}

/// The vulnerability database a scan used.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DatabaseFacts {
    /// The oldest source's last update (Unix seconds).
    pub updated_at: i64,
    /// Its sources.
    pub sources: Vec<String>,
}
