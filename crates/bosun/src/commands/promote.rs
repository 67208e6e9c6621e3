//! `bosun promote SRC DST --policy FILE`: gate SRC and, only when it
//! passes, copy exactly what was gated — SRC pinned to the digest it
//! resolved to, every platform of an index — to DST, which keeps that
//! digest, together with its referrers (signatures, attestations, SBOMs)
//! when both are registries. On stop DST is not touched.

use std::io::Write;

use anyhow::{Context as _, bail};
use bosun_image::ImageRef;
use bosun_policy::PolicyFile;
use bosun_registry::{CopyOptions, CredentialStore};
use clap::Args;

use super::Context;
use super::copy::{copy_image, summary};
use super::gate::{GateArgs, gate, write_verdict};
use crate::exit::Status;

/// Arguments of `bosun promote`.
#[derive(Debug, Args)]
#[command(after_help = "\
SRC and DST are any references `bosun copy` accepts. SRC is resolved to a digest
first, gated at that digest, and that digest is what is copied: a tag that moves
between the gate and the copy cannot smuggle in another image. A multi-platform
index is gated platform by platform and copied whole, or not at all. Between
registries, SRC's referrers go along: OCI 1.1 referrers (through the API or the
sha256-<hex> fallback tag) and cosign's sha256-<hex>.sig/.att/.sbom tags.

Examples:
  bosun promote staging.example.com/app:1.4 prod.example.com/app:1.4 --policy strict.yaml
  bosun promote oci:./build:app registry.example.com/app:1.0 --policy strict.yaml --dockerfile Dockerfile

Exit status: 0 promoted, 1 refused by the policy (DST untouched), 2 error.")]
pub(crate) struct PromoteArgs {
    /// The gate's arguments: SRC (the image), the policy and the rest.
    #[command(flatten)]
    gate: GateArgs,
    /// Where to copy SRC when it passes.
    dst: String,
}

/// Runs `bosun promote`.
pub(crate) fn run(ctx: &Context, args: PromoteArgs) -> anyhow::Result<Status> {
    let policy = PolicyFile::load(&args.gate.policy)?;
    let dst = bosun_registry::parse_destination(&args.dst)?;
    let gated = gate(ctx, &args.gate, &policy)?;
    let verdict = &gated.verdict;
    // With a machine-readable verdict on stdout, promote's own lines go to
    // stderr so the document stays parseable.
    let mut out: Box<dyn Write> = if write_verdict(&args.gate, verdict)? {
        Box::new(std::io::stdout().lock())
    } else {
        Box::new(std::io::stderr().lock())
    };
    if !verdict.passes() {
        writeln!(out, "not promoted: {} stays as it was", args.dst)?;
        return Ok(Status::Failure);
    }
    let src_text = &args.gate.image;
    let Some(digest) = gated.digest.clone() else {
        bail!(
            "{src_text}: the gated image has no manifest digest to promote (a dir: source cannot be promoted)"
        );
    };
    if verdict.platforms.len() > 1 && !gated.all_platforms {
        bail!(
            "{src_text}: its platforms are listed by the layout's index.json, not by an index with a digest; promote them one by one with --platform"
        );
    }
    let pinned = pin(src_text, &digest)?;
    let src = ImageRef::parse(&pinned)?;
    let opts = CopyOptions {
        all_platforms: gated.all_platforms,
        platform: None,
    };
    let report = copy_image(ctx, &src, &dst, &opts)
        .with_context(|| format!("copying {pinned} to {}", args.dst))?;
    if report.digest.to_string() != digest {
        bail!(
            "copied {pinned} but {} holds {}, not the gated digest {digest}",
            args.dst,
            report.digest
        );
    }
    let mut referrers = String::new();
    if let (ImageRef::Registry(s), ImageRef::Registry(d)) = (&src, &dst) {
        let s = bosun_registry::Reference::parse(s)?;
        let d = bosun_registry::Reference::parse(d)?;
        // The index and each platform's manifest may carry signatures.
        let mut subjects = vec![report.digest.clone()];
        for p in &verdict.platforms {
            if let Some(m) = p.image.digest.as_deref().and_then(|m| m.parse().ok())
                && !subjects.contains(&m)
            {
                subjects.push(m);
            }
        }
        let client = ctx.registry.client(CredentialStore::from_env())?;
        let cache = ctx.registry.blob_cache()?;
        let r = bosun_registry::copy_referrers(&client, &cache, &s, &d, &subjects)
            .with_context(|| format!("copying the referrers of {pinned} to {}", args.dst))?;
        referrers = format!(
            "; referrers: {} manifests, {} cosign tags",
            r.referrers, r.legacy_tags
        );
    }
    writeln!(
        out,
        "promoted {src_text} ({digest}) to {dst} ({}{referrers})",
        summary(&report)
    )?;
    Ok(Status::Success)
}

/// `SRC` pinned to `digest`: the tag (if any) replaced by `@digest`.
fn pin(src: &str, digest: &str) -> anyhow::Result<String> {
    if let Some(rest) = src.strip_prefix("oci:") {
        let dir = strip_tag(rest);
        return Ok(format!("oci:{dir}@{digest}"));
    }
    if ["oci-archive:", "docker-archive:", "dir:"]
        .iter()
        .any(|p| src.starts_with(p))
    {
        // Archives hold what they hold; the copy's digest check below
        // still proves the gated image is the one copied.
        return Ok(src.to_owned());
    }
    let r = bosun_registry::Reference::parse(src.trim_start_matches("registry:"))
        .with_context(|| format!("{src}: not a registry reference"))?;
    Ok(format!("{}@{digest}", r.name()))
}

/// An OCI layout path without its `:tag` or `@digest`.
fn strip_tag(rest: &str) -> &str {
    let rest = rest.split_once('@').map_or(rest, |(d, _)| d);
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    match rest.get(last_slash..).and_then(|t| t.rfind(':')) {
        Some(c) => rest.get(..last_slash + c).unwrap_or(rest),
        None => rest,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pins() {
        let d = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
        assert_eq!(
            super::pin("oci:./a/b:tag", d).unwrap(),
            format!("oci:./a/b@{d}")
        );
        assert_eq!(super::pin("oci:lay", d).unwrap(), format!("oci:lay@{d}"));
        assert_eq!(
            super::pin("localhost:5000/app:1", d).unwrap(),
            format!("localhost:5000/app@{d}")
        );
        assert_eq!(
            super::pin("alpine", d).unwrap(),
            format!("docker.io/library/alpine@{d}")
        );
    }
}
