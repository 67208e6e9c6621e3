//! The scan job: catalog an image (or read an SBOM file), match its
//! packages against an advisory source, apply the filters, ignore files
//! and VEX documents. The verdict (`--fail-on`) is the caller's:
//! [`bosun_match::fails`] on the report.

use std::path::{Path, PathBuf};

use bosun_image::Image;
use bosun_layers::ConfigSummary;
use bosun_match::{Date, Filter, IgnoreFile, MatchOptions, Vex};
use bosun_types::{AdvisorySource, ExpiredIgnore, Report, Sbom, SecretFinding};

use crate::catalog::{CatalogSettings, Cataloged, catalog_image};
use crate::error::Error;
use crate::observe::{Observer, Warning};

/// The ignore file used when none is named and it exists (in the current
/// directory).
pub const DEFAULT_IGNORE_FILE: &str = ".bosunignore.yaml";

/// What to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Any image reference [`crate::open_image`] accepts (`dir:PATH`
    /// included).
    Image(String),
    /// An SBOM file (CycloneDX, SPDX or syft JSON).
    Sbom(PathBuf),
}

impl Target {
    /// `sbom:FILE`, else an image reference.
    pub fn parse(text: &str) -> Self {
        match text.strip_prefix("sbom:") {
            Some(f) => Self::Sbom(PathBuf::from(f)),
            None => Self::Image(text.to_owned()),
        }
    }
}

/// Everything a scan needs besides the advisory source and the target.
#[derive(Debug, Clone, Default)]
pub struct ScanSettings {
    /// How images are cataloged.
    pub catalog: CatalogSettings,
    /// `--severity`, `--min-cvss`, `--kev`, `--min-epss`, `--ignore-unfixed`.
    pub filter: Filter,
    /// Ignore files, already loaded ([`suppressions`]).
    pub ignores: Vec<IgnoreFile>,
    /// VEX documents, already loaded.
    pub vex: Vec<Vex>,
    /// The version written into the report.
    pub tool_version: Option<String>,
    /// The day ignore-entry expiry is judged against; `None`: today.
    pub today: Option<Date>,
    /// The severity precedence (`--severity-precedence`); `None`: the
    /// default (see `bosun_match`'s severity documentation).
    pub precedence: Option<Vec<bosun_types::Origin>>,
}

/// A scan's results.
#[derive(Debug)]
pub struct Scanned {
    /// The findings, filtered and suppressed.
    pub report: Report,
    /// The SBOM matched.
    pub sbom: Sbom,
    /// The image, when the target was one.
    pub image: Option<Image>,
    /// The image's runtime configuration, secrets masked.
    pub config: Option<ConfigSummary>,
    /// Ignore entries that expired (also told to the observer).
    pub expired: Vec<ExpiredIgnore>,
}

/// Reads an SBOM file into bosun's model.
pub fn read_sbom(path: &Path) -> Result<Sbom, Error> {
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.len() > bosun_sbom::MAX_BYTES as u64 {
        return Err(Error::SbomTooLarge {
            path: path.to_owned(),
            max: bosun_sbom::MAX_BYTES,
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let (_, sbom) =
        bosun_sbom::read(&bytes, &format!("sbom:{}", path.display())).map_err(|source| {
            Error::Sbom {
                path: path.to_owned(),
                source,
            }
        })?;
    Ok(sbom)
}

/// The SBOM of a target, with the image and its configuration when the
/// target is an image.
pub fn target_sbom(
    target: &Target,
    settings: &CatalogSettings,
    observer: &dyn Observer,
) -> Result<(Sbom, Option<(Image, ConfigSummary)>), Error> {
    target_sbom_secrets(target, settings, observer).map(|(sbom, image, _, _)| (sbom, image))
}

/// [`target_sbom`] with the secrets the same walk found, when the
/// settings asked for them (an SBOM file has none to give).
pub fn target_sbom_secrets(
    target: &Target,
    settings: &CatalogSettings,
    observer: &dyn Observer,
) -> Result<SbomAndSecrets, Error> {
    match target {
        Target::Sbom(p) => Ok((read_sbom(p)?, None, Vec::new(), None)),
        Target::Image(r) => {
            let Cataloged {
                image,
                config,
                sbom,
                secrets,
                checks,
                ..
            } = catalog_image(r, settings, observer)?;
            Ok((
                sbom,
                Some((image, config)),
                secrets.unwrap_or_default(),
                checks,
            ))
        }
    }
}

/// What [`target_sbom_secrets`] returns: the SBOM, the image and its
/// configuration summary (for images), the secrets found and what the
/// image checks found.
pub type SbomAndSecrets = (
    Sbom,
    Option<(Image, ConfigSummary)>,
    Vec<SecretFinding>,
    Option<bosun_checks::Checked>,
);

/// The suppressions to apply: the named ignore file (which must exist) or
/// [`DEFAULT_IGNORE_FILE`] when present, and every VEX document.
pub fn suppressions(
    ignore_file: Option<&Path>,
    vex: &[PathBuf],
) -> Result<(Vec<IgnoreFile>, Vec<Vex>), Error> {
    let mut ignores = Vec::new();
    match ignore_file {
        Some(p) => ignores.push(IgnoreFile::load(p)?),
        None => {
            let p = Path::new(DEFAULT_IGNORE_FILE);
            if p.exists() {
                ignores.push(IgnoreFile::load(p)?);
            }
        }
    }
    let vex = vex
        .iter()
        .map(|p| Vex::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((ignores, vex))
}

/// Scans `target` against `store`.
pub fn scan(
    store: &dyn AdvisorySource,
    target: &Target,
    settings: &ScanSettings,
    observer: &dyn Observer,
) -> Result<Scanned, Error> {
    let (sbom, image, secrets, checks) = target_sbom_secrets(target, &settings.catalog, observer)?;
    let (image, config) = image.unzip();
    let mut report = bosun_match::match_sbom(
        store,
        &sbom,
        &MatchOptions {
            tool_version: settings.tool_version.clone(),
            precedence: settings.precedence.clone(),
        },
    )?;
    report.secrets = secrets;
    if let Some(c) = checks {
        report.config = c.findings;
        report.efficiency = c.efficiency;
    }
    settings.filter.apply(&mut report);
    let today = settings.today.unwrap_or_else(Date::today);
    let expired = bosun_match::suppress(&mut report, &settings.ignores, &settings.vex, today);
    for e in &expired {
        observer.warning(&Warning::ExpiredIgnore(e.clone()));
    }
    Ok(Scanned {
        report,
        sbom,
        image,
        config,
        expired,
    })
}

/// The current time (or `SOURCE_DATE_EPOCH`, for reproducible documents)
/// as RFC 3339 UTC, for the `created` of rendered documents.
pub fn created_now() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(bosun_types::time::now);
    bosun_types::time::rfc3339(secs)
}
