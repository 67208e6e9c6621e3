//! `provenance`: where the image comes from. The base image must come from
//! allowed registries and repositories (found from the
//! `org.opencontainers.image.base.name` label, the Dockerfile's last
//! `FROM`, or known base images' layers — whatever the caller could
//! establish), and the reference being gated must be pinned by digest or
//! at least not use the `latest` tag.

use serde::Deserialize;
use serde_json::json;
use serde_saphyr::{Location, Spanned};

use super::{Outcome, RuleKind};
use crate::error::Located;
use crate::pattern::ImagePattern;
use crate::subject::Subject;
use crate::verdict::Evidence;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Raw {
    #[serde(default)]
    base_images: Vec<Spanned<String>>,
    #[serde(default)]
    base_required: bool,
    #[serde(default)]
    pinned_digest: bool,
    #[serde(default)]
    no_latest: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Provenance {
    base_images: Vec<ImagePattern>,
    base_required: bool,
    pinned_digest: bool,
    no_latest: bool,
}

impl RuleKind for Provenance {
    type Raw = Raw;
    const NAME: &'static str = "provenance";
    const SUMMARY: &'static str =
        "trusted base images; references pinned by digest or not `latest`";
    const EXPLAIN: &'static str = "\
Checks where the image comes from.

  base-images:                   the base image must match one of these
    - docker.io/library/debian     (registry/repository[:tag] globs)
    - gcr.io/distroless/*
  base-required: true            an image whose base cannot be determined fails
                                 (without it, such an image skips the check)
  pinned-digest: true            the gated reference names a digest (@sha256:…)
  no-latest: true                the gated reference's tag is not `latest` (nor absent)

The base image is found from the org.opencontainers.image.base.name label, the
last FROM of the Dockerfile given with --dockerfile, or known base images.

Example:
  - id: trusted-base
    action: stop
    message: Base images come from our mirror
    provenance:
      base-images: [registry.example.com/base/*]
      base-required: true
";

    fn schema() -> serde_json::Value {
        json!({
            "type": "object",
            "additionalProperties": false,
            "minProperties": 1,
            "properties": {
                "base-images": {"type": "array", "items": {"type": "string", "minLength": 1}},
                "base-required": {"type": "boolean"},
                "pinned-digest": {"type": "boolean"},
                "no-latest": {"type": "boolean"}
            }
        })
    }

    fn compile(raw: Raw, at: &Location) -> Result<Self, Vec<Located>> {
        let mut errors = Vec::new();
        let mut base_images = Vec::new();
        for b in &raw.base_images {
            match ImagePattern::parse(&b.value) {
                Ok(p) => base_images.push(p),
                Err(e) => errors.push(Located::at(&b.referenced, e.to_string())),
            }
        }
        if base_images.is_empty() && !raw.pinned_digest && !raw.no_latest && errors.is_empty() {
            errors.push(Located::at(
                at,
                "provenance: give base-images, pinned-digest or no-latest",
            ));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Self {
            base_images,
            base_required: raw.base_required,
            pinned_digest: raw.pinned_digest,
            no_latest: raw.no_latest,
        })
    }

    fn evaluate(&self, s: &Subject<'_>) -> Outcome {
        let mut out = Vec::new();
        let mut push = |subject: String| {
            out.push(Evidence {
                subject,
                rank: 1.0,
                ..Evidence::default()
            });
        };
        if self.pinned_digest && !s.pinned_by_digest {
            push(format!("{} is not pinned by digest", s.reference));
        }
        if self.no_latest && !s.pinned_by_digest {
            match s.tag.as_deref() {
                None => push(format!("{} names no tag (latest)", s.reference)),
                Some("latest") => push(format!("{} uses the latest tag", s.reference)),
                Some(_) => {}
            }
        }
        if !self.base_images.is_empty() {
            match &s.base {
                Some(b) if self.base_images.iter().any(|p| p.matches(&b.reference)) => {}
                Some(b) => push(format!(
                    "base image {} (from {}) is not an allowed base",
                    b.reference, b.found_by
                )),
                None if self.base_required => push("the base image could not be determined".into()),
                None if out.is_empty() && !self.pinned_digest && !self.no_latest => {
                    return Outcome::Skipped(
                        "the base image could not be determined (no base label or --dockerfile)"
                            .into(),
                    );
                }
                None => {}
            }
        }
        Outcome::Found(out)
    }
}
