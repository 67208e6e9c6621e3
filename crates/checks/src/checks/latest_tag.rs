//! DKL-DI-0006: the image is referred to by `latest` or by no tag at all
//! (which means `latest`), or its base image (`org.opencontainers.image.
//! base.name`, as BuildKit and most builders record it) was.

use bosun_image::ImageRef;
use bosun_types::Severity;

use super::{Check, Hit, Run};
use crate::Context;

pub(super) const CHECK: Check = Check {
    code: "DKL-DI-0006",
    title: "Avoid latest tag",
    severity: Severity::Medium,
    needs_files: false,
    explain: "\
`latest` (or no tag) names whatever was pushed last: two pulls of the same
reference can give different images, so a scan, a test and a deployment may
not be about the same thing, and a rollback has nothing to roll back to.

Fix: tag images with a version and deploy by digest
(registry/app:1.4.2@sha256:…); build FROM a versioned base, ideally pinned
by digest too.",
    run: Run::Config(run),
};

/// `Some(true)` for `latest`/untagged, `Some(false)` for another tag or a
/// digest, for a `NAME[:TAG][@DIGEST]` reference.
fn floating(reference: &str) -> bool {
    if reference.contains('@') {
        return false;
    }
    let last = reference.rsplit('/').next().unwrap_or(reference);
    match last.split_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

fn run(ctx: &Context<'_>) -> Vec<Hit> {
    let mut out = Vec::new();
    if let ImageRef::Registry(r) = &ctx.reference
        && floating(r)
    {
        out.push(Hit {
            message: format!("the image is referred to as {r}, a moving tag"),
            ..Hit::default()
        });
    }
    let labels = ctx.config.config.labels.iter().flatten();
    for (k, v) in labels {
        if k == "org.opencontainers.image.base.name" && !v.is_empty() && floating(v) {
            out.push(Hit {
                message: format!("the base image {v} was taken by a moving tag"),
                ..Hit::default()
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::floating;

    #[test]
    fn tags() {
        assert!(floating("alpine"));
        assert!(floating("docker.io/library/alpine:latest"));
        assert!(floating("localhost:5000/app"));
        assert!(!floating("localhost:5000/app:1.2"));
        assert!(!floating("alpine@sha256:abcd"));
        assert!(!floating("alpine:latest@sha256:abcd"));
    }
}
