//! `bosun gate`: evaluate an image against a policy file and decide go,
//! warn or stop. The image goes through the same catalog and match steps
//! as `scan`; the policy engine (`bosun-policy`) sees only their results,
//! the image configuration, the Dockerfile's lint findings and the
//! database's age.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use bosun_match::{Date, MatchOptions};
use bosun_policy::{
    BaseImage, DatabaseFacts, DatabaseId, Decision, ImageFacts, ImageId, PolicyFile, PolicyId,
    Subject, VERDICT_SCHEMA, Verdict,
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
Formats (-f, repeatable): table, json (bosun.verdict/v1). FORMAT=FILE writes
that format to FILE.

Examples:
  bosun gate oci:./layout:app --policy examples/policies/strict.yaml
  bosun gate registry.example.com/team/app:1.4 --policy policy.yaml --dockerfile Dockerfile
  bosun gate oci:./layout:app --policy policy.yaml -f table -f json=verdict.json --strict

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
    /// Output format, optionally with its own file (FORMAT[=FILE]); repeatable.
    #[arg(long, short, value_name = "FORMAT[=FILE]", value_parser = parse_format)]
    format: Vec<(Format, Option<PathBuf>)>,
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

/// A verdict format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// One line per rule, then the verdict.
    Table,
    /// `bosun.verdict/v1`.
    Json,
}

fn parse_format(s: &str) -> Result<(Format, Option<PathBuf>), String> {
    let (name, file) = crate::formats::split_file(s)?;
    let format = match name {
        "table" => Format::Table,
        "json" => Format::Json,
        _ => return Err(format!("unknown format {name:?} (one of table, json)")),
    };
    Ok((format, file))
}

/// Runs `bosun gate`.
pub(crate) fn run(ctx: &Context, args: GateArgs) -> anyhow::Result<Status> {
    let policy = PolicyFile::load(&args.policy)?;
    let (verdict, _) = gate(ctx, &args, &policy)?;
    let mut outputs = args.format.clone();
    if outputs.is_empty() {
        outputs.push((Format::Table, None));
    }
    if outputs.iter().filter(|(_, f)| f.is_none()).count() > 1 {
        bail!(
            "several formats would share stdout: give each but one its own file (-f FORMAT=FILE)"
        );
    }
    if let Some(p) = &args.vex_out {
        let doc = serde_json::to_string_pretty(&applied_exceptions_vex(&verdict))? + "\n";
        std::fs::write(p, doc).with_context(|| format!("writing {}", p.display()))?;
    }
    for (format, file) in &outputs {
        let text = match format {
            Format::Table => render_table(&verdict),
            Format::Json => serde_json::to_string_pretty(&verdict)? + "\n",
        };
        match file {
            Some(p) => {
                std::fs::write(p, text).with_context(|| format!("writing {}", p.display()))?
            }
            None => std::io::stdout().lock().write_all(text.as_bytes())?,
        }
    }
    Ok(if verdict.passes() {
        Status::Success
    } else {
        Status::Failure
    })
}

/// Evaluates the image; also returns its manifest digest.
pub(crate) fn gate(
    ctx: &Context,
    args: &GateArgs,
    policy: &PolicyFile,
) -> anyhow::Result<(Verdict, Option<String>)> {
    let (ignores, vex) = bosun_pipeline::suppressions(args.ignore_file.as_deref(), &args.vex)?;
    let lint = match &args.dockerfile {
        Some(p) => Some(lint_dockerfile(ctx, p)?),
        None => None,
    };
    let store = open_db(ctx, None)?;
    let cataloged = bosun_pipeline::catalog_image(
        &args.image,
        &args.catalog.settings(ctx),
        &Reporter::new(ctx.quiet),
    )?;
    let (image, sbom) = (&cataloged.image, &cataloged.sbom);
    let mut report = bosun_match::match_sbom(
        &store,
        sbom,
        &MatchOptions {
            tool_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    )?;
    bosun_match::suppress(&mut report, &ignores, &vex, Date::today());
    let st = store.status()?;
    let database = st.checked_at().map(|t| DatabaseFacts {
        updated_at: t,
        sources: st.sources.iter().map(|s| s.name.clone()).collect(),
    });
    let (reference, tag, pinned) = normalise(&args.image);
    let cfg = &image.config.config;
    let labels = cfg.labels.clone().unwrap_or_default();
    let base = base_from_label(&labels)
        .or_else(|| lint.as_ref().and_then(|(df, _)| base_from_dockerfile(df)));
    let now = bosun_vulndb::time::now();
    let subject = Subject {
        reference: reference.clone(),
        pinned_by_digest: pinned,
        tag,
        image: ImageFacts {
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
            labels,
            size_bytes: image.layers.iter().map(|l| l.size).sum(),
            layer_count: image.layers.len(),
        },
        users: None,
        base,
        base_layers: None,
        findings: &report.findings,
        packages: &sbom.packages,
        lint: lint.as_ref().map(|(_, f)| f.as_slice()),
        database: database.clone(),
        now,
    };
    let digest = image.manifest_digest.as_ref().map(ToString::to_string);
    let id = ImageId {
        reference: args.image.clone(),
        digest: digest.clone(),
        platform: image.platform().map(|p| p.to_string()),
    };
    let Some((platform, chosen, mapping)) = policy.evaluate(&subject, id) else {
        bail!(
            "{}: no mapping matches {reference} and the file names no default-policy",
            policy.source
        );
    };
    #[allow(
        clippy::cast_precision_loss,
        reason = "hours from a Unix-time difference"
    )]
    let database = database.map(|d| DatabaseId {
        sources: d.sources,
        age_hours: ((now - d.updated_at) as f64 / 3600.0 * 10.0).round() / 10.0,
    });
    let verdict = Verdict {
        schema: VERDICT_SCHEMA,
        verdict: platform.verdict,
        strict: args.strict,
        reference: args.image.clone(),
        index_digest: image.index_digest.as_ref().map(ToString::to_string),
        policy: PolicyId {
            file: policy.source.clone(),
            sha256: policy.sha256.clone(),
            name: chosen.name.clone(),
            mapping: mapping.map(|m| m.name.clone()),
        },
        database,
        bosun_version: env!("CARGO_PKG_VERSION").to_owned(),
        time: bosun_pipeline::created_now(),
        platforms: vec![platform],
    };
    Ok((verdict, digest))
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

/// One line per rule (rule, action, status, count, worst evidence), then
/// expired exceptions and the verdict.
pub(crate) fn render_table(v: &Verdict) -> String {
    let mut out = String::new();
    for p in &v.platforms {
        out.push_str(&format!(
            "{} {}\npolicy {} ({}{})\n\n",
            p.image.reference,
            p.image.digest.as_deref().unwrap_or(""),
            v.policy.name,
            v.policy.file,
            v.policy
                .mapping
                .as_deref()
                .map(|m| format!(", mapping {m}"))
                .unwrap_or_default(),
        ));
        let mut t = comfy_table::Table::new();
        t.load_style(comfy_table::presets::NOTHING);
        t.set_header([
            "RULE",
            "KIND",
            "ACTION",
            "STATUS",
            "COUNT",
            "WORST EVIDENCE",
        ]);
        for r in &p.rules {
            let worst = r
                .evidence
                .first()
                .map(|e| e.subject.clone())
                .or_else(|| r.note.clone())
                .unwrap_or_default();
            let status = match r.status {
                bosun_policy::Status::Pass => "pass",
                bosun_policy::Status::Fail => "FAIL",
                bosun_policy::Status::Skipped => "skipped",
            };
            t.add_row([
                r.id.clone(),
                r.kind.to_owned(),
                r.action.as_str().to_owned(),
                status.to_owned(),
                r.count.to_string(),
                worst,
            ]);
        }
        out.push_str(&t.to_string());
        out.push('\n');
        for r in p
            .rules
            .iter()
            .filter(|r| r.status == bosun_policy::Status::Fail)
        {
            out.push_str(&format!(
                "\n{} ({}): {}",
                r.id,
                r.action.as_str(),
                r.message
            ));
        }
        for r in &p.rules {
            for a in &r.allowed {
                out.push_str(&format!(
                    "\nallowed: {} for rule {} by {} until {}: {}",
                    a.evidence.subject, r.id, a.entry.owner, a.entry.expires, a.entry.reason
                ));
            }
        }
        for e in &p.expired_allowlist {
            out.push_str(&format!(
                "\nexpired allowlist entry: rule {} match {} (owner {}) expired {}; it no longer applies",
                e.rule, e.what, e.owner, e.expires
            ));
        }
        out.push('\n');
    }
    let word = match v.verdict {
        Decision::Go => "go",
        Decision::Warn if v.strict => "warn (fails: --strict)",
        Decision::Warn => "warn",
        Decision::Stop => "stop",
    };
    out.push_str(&format!("\nverdict: {word}\n"));
    out
}
