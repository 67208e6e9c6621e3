//! `bosun gate`: evaluate an image against a policy file and decide go,
//! warn or stop. The image goes through the same catalog and match steps
//! as `scan`; the policy engine (`bosun-policy`) sees only their results,
//! the image configuration and accounts, the base image, the Dockerfile's
//! lint findings and the database's age. A multi-platform image is gated
//! platform by platform, and one stop stops the whole image.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use bosun_image::Digest;
use bosun_match::{Date, MatchOptions};
use bosun_pipeline::{Cataloged, OpenSettings};
use bosun_policy::{
    BaseImage, DatabaseFacts, DatabaseId, Decision, ImageFacts, ImageId, PlatformVerdict,
    PolicyFile, PolicyId, Subject, VERDICT_FORMATS, VERDICT_SCHEMA, Verdict, VerdictFormat,
};
use clap::Args;

use super::Context;
use super::catalog::CatalogArgs;
use super::scan::open_db;
use crate::exit::Status;
use crate::progress::Reporter;

/// Arguments of `bosun gate`.
#[derive(Debug, Args)]
#[command(after_help = "\
Formats (-f, repeatable): table, json (bosun.verdict/v1), sarif, junit.
FORMAT=FILE writes that format to FILE.

Platforms: an image that is a multi-platform index is gated platform by platform
(--platform all, the default); one platform that stops stops the whole image.
--platform OS/ARCH gates that platform only.

Base images: found from the org.opencontainers.image.base.name label, the last
FROM of --dockerfile, or by layers: an image whose first layers are those of a
known base (the policy file's known-bases, or --base-image) was built from it,
and `vulnerabilities` rules with `layers: base|own` can tell its layers apart.

Examples:
  bosun gate oci:./layout:app --policy examples/policies/strict.yaml
  bosun gate registry.example.com/team/app:1.4 --policy policy.yaml --dockerfile Dockerfile
  bosun gate oci:./layout:app --policy policy.yaml -f table -f json=verdict.json --strict
  bosun gate registry.example.com/team/app:1.4 --policy policy.yaml -f sarif=gate.sarif -f junit=gate.xml

Exit status: 0 go (or warn without --strict), 1 stop (or warn with --strict),
2 error (an invalid policy is an error: it is never silently ignored).")]
pub(crate) struct GateArgs {
    /// The image to gate (any reference `bosun scan` accepts but sbom:).
    pub(crate) image: String,
    /// The policy file (bosun.policy/v1).
    #[arg(long, env = "BOSUN_POLICY", value_name = "FILE")]
    pub(crate) policy: PathBuf,
    /// The Dockerfile the image was built from, for `dockerfile` rules and
    /// to find the base image.
    #[arg(long, env = "BOSUN_DOCKERFILE", value_name = "FILE")]
    dockerfile: Option<PathBuf>,
    /// A known base image, recognised by its layers (besides the policy
    /// file's known-bases); repeatable.
    #[arg(
        long = "base-image",
        env = "BOSUN_BASE_IMAGES",
        value_name = "REF",
        value_delimiter = ','
    )]
    base_images: Vec<String>,
    /// Output format, optionally with its own file (FORMAT[=FILE]); repeatable.
    #[arg(long, short, value_name = "FORMAT[=FILE]", value_parser = parse_format)]
    format: Vec<(VerdictFormat, Option<PathBuf>)>,
    /// Write the allowlist entries that excused vulnerabilities as an
    /// OpenVEX document, for tools that read VEX.
    #[arg(long, value_name = "FILE")]
    vex_out: Option<PathBuf>,
    /// Warnings fail the gate too.
    #[arg(long, env = "BOSUN_STRICT", value_parser = clap::builder::BoolishValueParser::new())]
    strict: bool,
    /// Ignore file (default: `.bosunignore.yaml` in the current directory, if present).
    #[arg(long, env = "BOSUN_IGNORE_FILE", value_name = "FILE")]
    ignore_file: Option<PathBuf>,
    /// OpenVEX or CycloneDX VEX document; repeatable.
    #[arg(long, env = "BOSUN_VEX", value_name = "FILE", value_delimiter = ',')]
    vex: Vec<PathBuf>,
    #[command(flatten)]
    catalog: CatalogArgs,
}

fn parse_format(s: &str) -> Result<(VerdictFormat, Option<PathBuf>), String> {
    let (name, file) = crate::formats::split_file(s)?;
    match bosun_report::format::find(VERDICT_FORMATS, name) {
        Some(f) => Ok((f, file)),
        None => Err(format!(
            "unknown format {name:?} (one of {})",
            VERDICT_FORMATS
                .iter()
                .map(|f| f.name)
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Runs `bosun gate`.
pub(crate) fn run(ctx: &Context, args: GateArgs) -> anyhow::Result<Status> {
    let policy = PolicyFile::load(&args.policy)?;
    let gated = gate(ctx, &args, &policy)?;
    let verdict = &gated.verdict;
    write_verdict(&args, verdict)?;
    Ok(if verdict.passes() {
        Status::Success
    } else {
        Status::Failure
    })
}

/// Writes the verdict in every format asked for (table on stdout by
/// default) and the `--vex-out` document. Returns whether stdout got the
/// table, so `promote` knows where its own lines may go.
pub(crate) fn write_verdict(args: &GateArgs, verdict: &Verdict) -> anyhow::Result<bool> {
    let mut outputs = args.format.clone();
    if outputs.is_empty() {
        outputs.push((VerdictFormat::Table, None));
    }
    if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
        bail!(
            "several formats would share stdout: give each but one its own file (-f FORMAT=FILE)"
        );
    }
    if let Some(p) = &args.vex_out {
        let doc = serde_json::to_string_pretty(&applied_exceptions_vex(verdict))? + "\n";
        std::fs::write(p, doc).with_context(|| format!("writing {}", p.display()))?;
    }
    let mut stdout_is_text = true;
    for (format, file) in &outputs {
        let text = bosun_policy::render(verdict, *format);
        match file {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
            }
            None => {
                stdout_is_text = *format == VerdictFormat::Table;
                std::io::stdout().lock().write_all(text.as_bytes())?;
            }
        }
    }
    Ok(stdout_is_text)
}

/// A gate's outcome and what `promote` copies when it passes.
pub(crate) struct Gated {
    /// The verdict.
    pub(crate) verdict: Verdict,
    /// The digest that was gated whole: the index's when every platform
    /// of an index was, else the one manifest's.
    pub(crate) digest: Option<String>,
    /// Whether that digest is an index whose every platform was gated.
    pub(crate) all_platforms: bool,
}

/// Which platforms of an index to gate.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Platforms {
    /// Every platform (`--platform all`, the default).
    All,
    /// The one named.
    One(String),
}

/// Evaluates the image, every platform of it unless one is named.
pub(crate) fn gate(ctx: &Context, args: &GateArgs, policy: &PolicyFile) -> anyhow::Result<Gated> {
    let (ignores, vex) = bosun_pipeline::suppressions(args.ignore_file.as_deref(), &args.vex)?;
    let lint = match &args.dockerfile {
        Some(p) => Some(lint_dockerfile(ctx, p)?),
        None => None,
    };
    let store = open_db(ctx, None)?;
    let st = store.status()?;
    let database = st.checked_at().map(|t| DatabaseFacts {
        updated_at: t,
        sources: st.sources.iter().map(|s| s.name.clone()).collect(),
    });
    let reporter = Reporter::new(ctx.quiet);
    let which = match args.catalog.platform.as_deref() {
        None => Platforms::All,
        Some(p) if p.trim().eq_ignore_ascii_case("all") => Platforms::All,
        Some(p) => Platforms::One(p.to_owned()),
    };
    let mut settings = args.catalog.settings(ctx);
    // The secret scanner walks every layer's files: only when a rule asks.
    if policy.uses_kind("secrets") {
        let scanner = bosun_secrets::Scanner::new(&ctx.config.secrets)
            .context("invalid `secrets:` section of the configuration")?;
        settings.secrets = Some(std::sync::Arc::new(scanner));
    }
    // Image checks need the complete layer index: likewise only when asked.
    let wanted = policy.image_checks();
    if wanted.any() {
        settings.checks = Some(bosun_checks::Selection {
            config: wanted.config,
            efficiency: wanted.efficiency,
        });
    }
    settings.open.platform = match &which {
        Platforms::All => None,
        Platforms::One(p) => Some(p.clone()),
    };
    let first = bosun_pipeline::catalog_image(&args.image, &settings, &reporter)?;
    let every = which == Platforms::All && !first.image.platforms.is_empty();
    let mut seen: BTreeSet<Option<Digest>> = BTreeSet::new();
    seen.insert(first.image.manifest_digest.clone());
    let others: Vec<_> = if every {
        first.image.platforms.clone()
    } else {
        Vec::new()
    };
    let mut cataloged = vec![first];
    for (platform, digest) in others {
        if seen.contains(&Some(digest)) {
            continue;
        }
        settings.open.platform = Some(platform.to_string());
        let c = bosun_pipeline::catalog_image(&args.image, &settings, &reporter)
            .with_context(|| format!("platform {platform} of {}", args.image))?;
        if seen.insert(c.image.manifest_digest.clone()) {
            cataloged.push(c);
        }
    }
    let known_bases: Vec<&str> = policy
        .known_bases
        .iter()
        .chain(&args.base_images)
        .map(String::as_str)
        .collect();
    let (reference, tag, pinned) = normalise(&args.image);
    let now = bosun_vulndb::time::now();
    let mut platforms = Vec::with_capacity(cataloged.len());
    let mut chosen = None;
    for c in &cataloged {
        let mut report = bosun_match::match_sbom(
            &store,
            &c.sbom,
            &MatchOptions {
                tool_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
                ..MatchOptions::default()
            },
        )?;
        // Secrets go through the same ignore file as vulnerabilities.
        let scanned_secrets = c.secrets.is_some();
        report.secrets = c.secrets.clone().unwrap_or_default();
        // Image checks too.
        let checked = c.checks.as_ref();
        report.config = checked.map(|k| k.findings.clone()).unwrap_or_default();
        bosun_match::suppress(&mut report, &ignores, &vex, Date::today());
        let (base, base_layers) = find_base(
            ctx,
            c,
            &known_bases,
            lint.as_ref().map(|(d, _)| d),
            &reporter,
        )?;
        let subject = Subject {
            reference: reference.clone(),
            pinned_by_digest: pinned,
            tag: tag.clone(),
            image: image_facts(c),
            users: c.sbom.users.clone(),
            base,
            base_layers,
            findings: &report.findings,
            packages: &c.sbom.packages,
            lint: lint.as_ref().map(|(_, f)| f.as_slice()),
            secrets: scanned_secrets.then_some(report.secrets.as_slice()),
            checks: checked.map(|_| report.config.as_slice()),
            efficiency: checked.and_then(|k| k.efficiency.as_ref()),
            database: database.clone(),
            now,
        };
        let id = ImageId {
            reference: args.image.clone(),
            digest: c.image.manifest_digest.as_ref().map(ToString::to_string),
            platform: c.image.platform().map(|p| p.to_string()),
        };
        let Some((platform, policy_chosen, mapping)) = policy.evaluate(&subject, id) else {
            bail!(
                "{}: no mapping matches {reference} and the file names no default-policy",
                policy.source
            );
        };
        chosen.get_or_insert((policy_chosen.name.clone(), mapping.map(|m| m.name.clone())));
        platforms.push(platform);
    }
    let (name, mapping) = chosen.unwrap_or_default();
    #[allow(
        clippy::cast_precision_loss,
        reason = "hours from a Unix-time difference"
    )]
    let database = database.map(|d| DatabaseId {
        sources: d.sources,
        age_hours: ((now - d.updated_at) as f64 / 3600.0 * 10.0).round() / 10.0,
    });
    let image = &cataloged[0].image;
    let index_digest = image.index_digest.as_ref().map(ToString::to_string);
    let (digest, all_platforms) = match (&index_digest, every) {
        (Some(d), true) => (Some(d.clone()), true),
        _ => (
            image.manifest_digest.as_ref().map(ToString::to_string),
            false,
        ),
    };
    let verdict = Verdict {
        schema: VERDICT_SCHEMA,
        verdict: platforms
            .iter()
            .map(|p: &PlatformVerdict| p.verdict)
            .max()
            .unwrap_or(Decision::Go),
        strict: args.strict,
        reference: args.image.clone(),
        index_digest,
        policy: PolicyId {
            file: policy.source.clone(),
            sha256: policy.sha256.clone(),
            name,
            mapping,
        },
        database,
        bosun_version: env!("CARGO_PKG_VERSION").to_owned(),
        time: bosun_pipeline::created_now(),
        platforms,
    };
    Ok(Gated {
        verdict,
        digest,
        all_platforms,
    })
}

/// What the rules see of the image's configuration and shape.
fn image_facts(c: &Cataloged) -> ImageFacts {
    let cfg = &c.image.config.config;
    ImageFacts {
        user: cfg.user.clone().unwrap_or_default(),
        healthcheck: cfg.healthcheck.as_ref().and_then(|h| h.test.clone()),
        exposed_ports: cfg
            .exposed_ports
            .iter()
            .flatten()
            .map(|(k, _)| k.clone())
            .collect(),
        env_names: cfg
            .env
            .iter()
            .flatten()
            .map(|kv| {
                kv.split_once('=')
                    .map_or(kv.as_str(), |(k, _)| k)
                    .to_owned()
            })
            .collect(),
        labels: cfg.labels.clone().unwrap_or_default(),
        size_bytes: c.image.layers.iter().map(|l| l.size).sum(),
        layer_count: c.image.layers.len(),
    }
}

/// The image's layers as the base comparison sees them: each layer's
/// diff_id (the uncompressed content, the same however a registry
/// recompressed it), else its blob digest.
fn layer_ids(image: &bosun_image::Image) -> Vec<Option<Digest>> {
    image
        .layers
        .iter()
        .map(|l| l.diff_id.clone().or_else(|| l.digest.clone()))
        .collect()
}

/// The base image and how many bottom layers are its: a known base whose
/// layers are the image's first layers (the longest such), else the base
/// label, else the Dockerfile's final `FROM` (these two without a layer
/// count).
fn find_base(
    ctx: &Context,
    c: &Cataloged,
    known: &[&str],
    dockerfile: Option<&bosun_dockerfile::Dockerfile>,
    reporter: &Reporter,
) -> anyhow::Result<(Option<BaseImage>, Option<usize>)> {
    let mine = layer_ids(&c.image);
    let mut best: Option<(BaseImage, usize)> = None;
    for r in known {
        let settings = OpenSettings {
            platform: c.image.platform().map(|p| p.to_string()),
            registry: ctx.registry.clone(),
        };
        let base = bosun_pipeline::open_image(r, &settings, reporter)
            .with_context(|| format!("known base image {r}"))?;
        let theirs = layer_ids(&base);
        let matches = !theirs.is_empty()
            && theirs.len() <= mine.len()
            && theirs.iter().all(Option::is_some)
            && theirs.iter().zip(&mine).all(|(a, b)| a == b);
        if matches && best.as_ref().is_none_or(|(_, n)| theirs.len() > *n) {
            let reference = bosun_registry::Reference::parse(r.trim_start_matches("registry:"))
                .map_or_else(|_| (*r).to_owned(), |x| x.to_string());
            best = Some((
                BaseImage {
                    reference,
                    digest: base
                        .index_digest
                        .as_ref()
                        .or(base.manifest_digest.as_ref())
                        .map(ToString::to_string),
                    found_by: "layers".into(),
                },
                theirs.len(),
            ));
        }
    }
    if let Some((b, n)) = best {
        return Ok((Some(b), Some(n)));
    }
    let labels = c.image.config.config.labels.clone().unwrap_or_default();
    Ok((
        base_from_label(&labels).or_else(|| dockerfile.and_then(base_from_dockerfile)),
        None,
    ))
}

/// The applied allowlist entries that excused vulnerabilities, as an
/// OpenVEX 0.2 document: each is `not_affected` for the image, with the
/// entry's reason, owner and expiry as the impact statement (OpenVEX has
/// no "accepted risk" status; `not_affected` is what makes other tools
/// honour the exception).
fn applied_exceptions_vex(v: &Verdict) -> serde_json::Value {
    use serde_json::json;
    let mut statements = Vec::new();
    for p in &v.platforms {
        let product = p.image.digest.as_deref().map_or_else(
            || p.image.reference.clone(),
            |d| {
                let (name, _) = bosun_policy::split_reference(&p.image.reference);
                let last = name.rsplit(['/', ':']).next().unwrap_or(name);
                format!("pkg:oci/{last}@{}", d.replace(':', "%3A"))
            },
        );
        for r in &p.rules {
            for a in &r.allowed {
                let Some(id) = &a.evidence.vulnerability else {
                    continue;
                };
                let mut prod = json!({"@id": product});
                if let Some(purl) = &a.evidence.purl {
                    prod["subcomponents"] = json!([{"@id": purl}]);
                }
                statements.push(json!({
                    "vulnerability": {"name": id, "aliases": a.evidence.aliases},
                    "products": [prod],
                    "status": "not_affected",
                    "impact_statement": format!(
                        "allowlisted for rule {} by {} until {}: {}",
                        r.id, a.entry.owner, a.entry.expires, a.entry.reason
                    ),
                }));
            }
        }
    }
    use sha2::Digest as _;
    let id = sha2::Sha256::digest(serde_json::to_vec(&statements).unwrap_or_default());
    json!({
        "@context": "https://openvex.dev/ns/v0.2.0",
        "@id": format!("https://bosun.dev/vex/{id:x}"),
        "author": format!("bosun gate (policy {}, sha256 {})", v.policy.file, v.policy.sha256),
        "timestamp": v.time,
        "version": 1,
        "statements": statements,
    })
}

/// The reference as mappings see it (Docker-normalised for registry
/// references), its tag, and whether it is pinned by digest.
fn normalise(reference: &str) -> (String, Option<String>, bool) {
    let local = ["oci:", "oci-archive:", "docker-archive:", "dir:"]
        .iter()
        .any(|p| reference.starts_with(p))
        || Path::new(reference).exists();
    if !local
        && let Ok(r) = bosun_registry::Reference::parse(reference.trim_start_matches("registry:"))
    {
        return (
            r.to_string(),
            r.tag().map(str::to_owned),
            r.digest().is_some(),
        );
    }
    let (_, tag) = bosun_policy::split_reference(reference);
    let pinned = reference.contains("@sha256:") || reference.contains("@sha512:");
    (
        reference.to_owned(),
        tag.filter(|t| !t.contains(':')).map(str::to_owned),
        pinned,
    )
}

const BASE_NAME: &str = "org.opencontainers.image.base.name";
const BASE_DIGEST: &str = "org.opencontainers.image.base.digest";

fn base_from_label(labels: &std::collections::BTreeMap<String, String>) -> Option<BaseImage> {
    let name = labels.get(BASE_NAME)?.trim();
    if name.is_empty() {
        return None;
    }
    let reference =
        bosun_registry::Reference::parse(name).map_or_else(|_| name.to_owned(), |r| r.to_string());
    Some(BaseImage {
        reference,
        digest: labels.get(BASE_DIGEST).cloned(),
        found_by: "label".into(),
    })
}

/// The final stage's base, following `FROM earlier-stage` back to an image.
fn base_from_dockerfile(df: &bosun_dockerfile::Dockerfile) -> Option<BaseImage> {
    let mut stage = df.stages.last()?;
    // Each hop goes to an earlier stage, so this ends.
    for _ in 0..df.stages.len() {
        let name = stage.image_expanded.to_ascii_lowercase();
        match df
            .stages
            .iter()
            .take(stage.index)
            .find(|s| s.name.as_deref() == Some(name.as_str()))
        {
            Some(earlier) => stage = earlier,
            None => break,
        }
    }
    let image = stage.image_expanded.trim();
    if image.eq_ignore_ascii_case("scratch") || image.is_empty() {
        return None;
    }
    let reference = bosun_registry::Reference::parse(image)
        .map_or_else(|_| image.to_owned(), |r| r.to_string());
    Some(BaseImage {
        reference,
        digest: None,
        found_by: "dockerfile".into(),
    })
}

fn lint_dockerfile(
    ctx: &Context,
    path: &Path,
) -> anyhow::Result<(bosun_dockerfile::Dockerfile, Vec<bosun_dockerfile::Finding>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let name = path.display().to_string();
    let findings = bosun_dockerfile::lint(&name, &text, &ctx.config.lint);
    let df = bosun_dockerfile::Dockerfile::parse(&text)
        .with_context(|| format!("parsing {}", path.display()))?;
    Ok((df, findings))
}
