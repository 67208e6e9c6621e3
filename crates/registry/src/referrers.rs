//! Referrers: the signatures, attestations and SBOMs stored for an image,
//! and copying them along with it. They are found the three ways they are
//! stored: the OCI 1.1 referrers API (`GET /v2/NAME/referrers/DIGEST`),
//! the referrers tag schema's fallback index under the tag
//! `sha256-<hex>` (what cosign 3 and notation write on registries without
//! the API, Debian's docker-registry among them), and cosign's legacy
//! `sha256-<hex>.sig`, `.att` and `.sbom` tags.
//!
//! A copy writes each referrer manifest by digest, then, when the
//! destination has no referrers API, merges the entries into its fallback
//! index; legacy tags are copied as tags.

use bosun_image::spec::{Descriptor, Index, media_type};
use bosun_image::{Digest, ImageRef};
use reqwest::StatusCode;
use reqwest::header::ACCEPT;

use crate::cache::BlobCache;
use crate::client::{Client, read_limited, status_error};
use crate::copy::{CopyOptions, copy};
use crate::error::{Error, Result};
use crate::pull::{Document, MAX_MANIFEST, call, repo_scope};
use crate::reference::Reference;

/// cosign's legacy tag suffixes: signatures, attestations, attached SBOMs.
pub const LEGACY_SUFFIXES: [&str; 3] = ["sig", "att", "sbom"];

/// The most referrers copied per image (a registry listing more is
/// refused rather than followed).
const MAX_REFERRERS: usize = 1024;

/// The fallback tag of the referrers tag schema for `d` (`sha256-<hex>`).
pub fn fallback_tag(d: &Digest) -> String {
    format!("{}-{}", d.algorithm().name(), d.hex())
}

/// The referrers of one subject.
#[derive(Debug, Clone, Default)]
pub struct Referrers {
    /// The referrer manifests.
    pub manifests: Vec<Descriptor>,
    /// Whether the registry answered through the referrers API (else the
    /// fallback tag was read).
    pub api: bool,
    /// cosign's legacy tags present for the subject.
    pub legacy_tags: Vec<String>,
    /// The fallback index document as stored, when it was read: copied
    /// byte for byte to a destination that has none, so the index keeps
    /// its digest and every field the writer put in it.
    pub fallback: Option<Document>,
}

/// What copying referrers did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReferrersReport {
    /// Referrer manifests copied.
    pub referrers: usize,
    /// Legacy cosign tags copied.
    pub legacy_tags: usize,
}

impl Client {
    /// The referrers API's answer for `subject` in `r`'s repository:
    /// `None` when the registry has no such API (it answers 404, as
    /// distribution 2.x does for unknown routes).
    fn referrers_api(&self, r: &Reference, subject: &Digest) -> Result<Option<Vec<Descriptor>>> {
        let what = format!("referrers of {}@{subject}", r.name());
        let scopes = [repo_scope(r, "pull")];
        let c = call(r, &scopes, &what);
        let path = format!("/v2/{}/referrers/{subject}", r.repository());
        let resp = self.send(&c, &|h, base| {
            Ok(h.get(format!("{base}{path}"))
                .header(ACCEPT, media_type::OCI_INDEX))
        })?;
        match resp.status() {
            s if s.is_success() => {}
            StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED | StatusCode::BAD_REQUEST => {
                return Ok(None);
            }
            _ => return Err(status_error(&c, resp)),
        }
        let bytes = read_limited(resp, MAX_MANIFEST).map_err(|e| Error::Transport {
            registry: r.registry().to_owned(),
            what: what.clone(),
            message: e.to_string(),
        })?;
        let index: Index = serde_json::from_slice(&bytes)
            .map_err(|e| Error::invalid(&what, format!("not an OCI index: {e}")))?;
        Ok(Some(index.manifests))
    }

    /// The document a tag names, or `None` when the tag does not exist.
    fn tag_document(&self, r: &Reference, tag: &str) -> Result<Option<Document>> {
        match self.get_manifest(r, tag, None) {
            Ok(d) => Ok(Some(d)),
            Err(Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Every referrer of `subject` stored in `r`'s repository.
    pub fn referrers(&self, r: &Reference, subject: &Digest) -> Result<Referrers> {
        let mut out = Referrers::default();
        match self.referrers_api(r, subject)? {
            Some(m) => {
                out.api = true;
                out.manifests = m;
            }
            None => {
                if let Some(doc) = self.tag_document(r, &fallback_tag(subject))? {
                    let index: Index = serde_json::from_slice(&doc.bytes).map_err(|e| {
                        Error::invalid(
                            format!("{}:{}", r.name(), fallback_tag(subject)),
                            format!("the referrers fallback tag is not an OCI index: {e}"),
                        )
                    })?;
                    out.manifests = index.manifests;
                    out.fallback = Some(doc);
                }
            }
        }
        if out.manifests.len() > MAX_REFERRERS {
            return Err(Error::invalid(
                format!("{}@{subject}", r.name()),
                format!(
                    "{} referrers listed; at most {MAX_REFERRERS} are copied",
                    out.manifests.len()
                ),
            ));
        }
        for suffix in LEGACY_SUFFIXES {
            let tag = format!("{}.{suffix}", fallback_tag(subject));
            if self.tag_document(r, &tag)?.is_some() {
                out.legacy_tags.push(tag);
            }
        }
        Ok(out)
    }
}

/// Copies the referrers of each of `subjects` from `src`'s repository to
/// `dst`'s (both registries): referrer manifests by digest, the
/// destination's fallback index when it has no referrers API, and cosign's
/// legacy tags.
pub fn copy_referrers(
    client: &Client,
    cache: &BlobCache,
    src: &Reference,
    dst: &Reference,
    subjects: &[Digest],
) -> Result<ReferrersReport> {
    let mut report = ReferrersReport::default();
    let every = CopyOptions {
        all_platforms: true,
        platform: None,
    };
    for subject in subjects {
        let found = client.referrers(src, subject)?;
        for d in &found.manifests {
            copy(
                client,
                cache,
                &ImageRef::Registry(format!("{}@{}", src.name(), d.digest)),
                &ImageRef::Registry(format!("{}@{}", dst.name(), d.digest)),
                &every,
            )?;
            report.referrers += 1;
        }
        if !found.manifests.is_empty() && client.referrers_api(dst, subject)?.is_none() {
            merge_fallback_index(client, dst, subject, &found)?;
        }
        for tag in &found.legacy_tags {
            copy(
                client,
                cache,
                &ImageRef::Registry(format!("{}:{tag}", src.name())),
                &ImageRef::Registry(format!("{}:{tag}", dst.name())),
                &every,
            )?;
            report.legacy_tags += 1;
        }
    }
    Ok(report)
}

/// Adds `found`'s entries to `dst`'s fallback index for `subject`. With
/// no index there yet, the source's own index (when it had one) is written
/// unchanged; otherwise entries are merged into what is there, kept as raw
/// JSON so no field another tool wrote (artifactType, annotations) is lost.
fn merge_fallback_index(
    client: &Client,
    dst: &Reference,
    subject: &Digest,
    found: &Referrers,
) -> Result<()> {
    let tag = fallback_tag(subject);
    let invalid = |e: serde_json::Error| {
        Error::invalid(
            format!("{}:{tag}", dst.name()),
            format!("the referrers fallback tag is not an OCI index: {e}"),
        )
    };
    let existing = client.tag_document(dst, &tag)?;
    let doc = match (existing, &found.fallback) {
        (None, Some(src)) => src.clone(),
        (existing, _) => {
            let mut index: serde_json::Value = match &existing {
                Some(doc) => {
                    // Validates the shape before editing it as JSON.
                    serde_json::from_slice::<Index>(&doc.bytes).map_err(invalid)?;
                    serde_json::from_slice(&doc.bytes).map_err(invalid)?
                }
                None => serde_json::json!({
                    "schemaVersion": 2,
                    "mediaType": media_type::OCI_INDEX,
                    "manifests": [],
                }),
            };
            let source: Vec<serde_json::Value> = match &found.fallback {
                Some(src) => {
                    let v: serde_json::Value =
                        serde_json::from_slice(&src.bytes).map_err(invalid)?;
                    v["manifests"].as_array().cloned().unwrap_or_default()
                }
                None => found
                    .manifests
                    .iter()
                    .map(serde_json::to_value)
                    .collect::<std::result::Result<_, _>>()
                    .map_err(invalid)?,
            };
            let Some(manifests) = index["manifests"].as_array_mut() else {
                return Err(Error::invalid(
                    format!("{}:{tag}", dst.name()),
                    "the referrers fallback index has no manifests list",
                ));
            };
            let before = manifests.len();
            for e in source {
                if !manifests.iter().any(|m| m["digest"] == e["digest"]) {
                    manifests.push(e);
                }
            }
            if manifests.len() == before && existing.is_some() {
                return Ok(());
            }
            let bytes = serde_json::to_vec(&index).map_err(invalid)?;
            Document {
                digest: Digest::of(bosun_image::Algorithm::Sha256, &bytes),
                media_type: media_type::OCI_INDEX.to_owned(),
                bytes,
            }
        }
    };
    client.put_manifest(dst, &tag, &doc)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fallback_tags() {
        let d: bosun_image::Digest =
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                .parse()
                .unwrap();
        assert_eq!(
            super::fallback_tag(&d),
            "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        );
    }
}
