//! The cataloging framework: which files to collect, which of them are
//! package databases, and how every layer's version of a database becomes
//! the final package list with the layer that first installed each package.

use std::collections::{BTreeMap, HashMap};

use bosun_image::Image;
use bosun_layers::{Content, FileRequest, Walk};

use crate::config::CatalogConfig;
use crate::distro::{self, Distro};
use crate::error::Result;
use crate::package::{LayerRef, Location, Package};
pub use bosun_types::sbom::{ImageInfo, LayerInfo, Problem, SBOM_SCHEMA, Sbom};

/// Bumped whenever catalogers change what they extract, so cached
/// per-layer results from an older bosun are not reused.
pub const CATALOG_VERSION: u32 = 3;

/// One collected file: one layer's version of a requested path.
#[derive(Debug, Clone)]
pub struct DbFile {
    /// The path, without a leading slash.
    pub path: String,
    /// The layer it came from.
    pub layer: usize,
    /// The cataloger's own request indexes it matched.
    pub requests: Vec<usize>,
    /// The content.
    pub content: Content,
    /// True when this version is the one in the final filesystem.
    pub visible: bool,
}

impl DbFile {
    /// The content, read whole (files were capped by their request's size).
    pub fn bytes(&self) -> Result<std::borrow::Cow<'_, [u8]>> {
        if let Some(b) = self.content.bytes() {
            return Ok(std::borrow::Cow::Borrowed(b));
        }
        let mut v = Vec::new();
        let io = |source| crate::Error::Io {
            path: format!("/{}", self.path),
            source,
        };
        std::io::Read::read_to_end(&mut self.content.reader().map_err(io)?, &mut v).map_err(io)?;
        Ok(std::borrow::Cow::Owned(v))
    }
}

/// What a cataloger sees: every collected file that matched its requests
/// (all layers), and the detected distribution.
#[derive(Debug)]
pub struct Input<'a> {
    /// The collected files, in (layer, archive) order.
    pub files: Vec<&'a DbFile>,
    /// The distribution, when detected.
    pub distro: Option<&'a Distro>,
    visible: HashMap<&'a str, &'a DbFile>,
}

impl<'a> Input<'a> {
    /// Builds the view over `files`.
    pub fn new(files: Vec<&'a DbFile>, distro: Option<&'a Distro>) -> Self {
        let visible = files
            .iter()
            .filter(|f| f.visible)
            .map(|f| (f.path.as_str(), *f))
            .collect();
        Self {
            files,
            distro,
            visible,
        }
    }

    /// The final version of `path` (no leading slash), when collected.
    pub fn visible(&self, path: &str) -> Option<&'a DbFile> {
        self.visible.get(path).copied()
    }
}

/// A package source.
pub trait Cataloger: Send + Sync {
    /// A short name (`dpkg`).
    fn name(&self) -> &'static str;
    /// The version of what this cataloger extracts: bump it when its
    /// output changes. Every cache key includes each cataloger's name and
    /// version ([`fingerprint`]), so a new or changed cataloger never gets
    /// an SBOM cached before it existed.
    fn version(&self) -> u32 {
        1
    }
    /// The files to collect.
    fn requests(&self) -> Vec<FileRequest>;
    /// Whether a collected file is a package database (as opposed to
    /// auxiliary data such as file lists or licenses).
    fn is_database(&self, file: &DbFile) -> bool;
    /// Reads one version of one database.
    fn parse(&self, db: &DbFile, input: &Input<'_>) -> Result<Vec<Package>>;
    /// Completes the final packages from auxiliary files.
    fn enrich(&self, _packages: &mut [Package], _input: &Input<'_>) {}
    /// True for lockfile and manifest catalogers (what a project declares
    /// rather than what is installed): they run on directory sources only,
    /// as syft's split does, since an image ships what was installed.
    fn declared(&self) -> bool {
        false
    }
}

/// What is being cataloged, which decides the catalogers that run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// An image's layers: installed-package catalogers only.
    Image,
    /// A directory (`dir:`, a source tree): declared catalogers too.
    Directory,
}

impl Source {
    /// The source kind of `image` (a root filesystem directory or layers).
    pub fn of(image: &Image) -> Self {
        if image.rootfs.is_some() {
            Source::Directory
        } else {
            Source::Image
        }
    }
}

/// The catalogers that run on `source`, in [`catalogers`] order.
pub fn catalogers_for(source: Source, config: &CatalogConfig) -> Vec<Box<dyn Cataloger>> {
    catalogers_with(config)
        .into_iter()
        .filter(|c| source == Source::Directory || !c.declared())
        .collect()
}

/// The catalogers with default settings, in the order their packages are
/// listed.
pub fn catalogers() -> Vec<Box<dyn Cataloger>> {
    catalogers_with(&CatalogConfig::default())
}

/// The catalogers with `config`'s settings, in the order their packages
/// are listed.
pub fn catalogers_with(config: &CatalogConfig) -> Vec<Box<dyn Cataloger>> {
    vec![
        Box::new(crate::os::dpkg::Dpkg),
        Box::new(crate::os::apk::Apk),
        Box::new(crate::os::rpm::Rpm),
        Box::new(crate::lang::go::binary::GoBinary),
        Box::new(crate::lang::go::gomod::GoMod),
        Box::new(crate::lang::rust::auditable::CargoAuditable),
        Box::new(crate::lang::rust::cargo_lock::CATALOGER),
        Box::new(crate::lang::java::archive::JavaArchive {
            limits: config.java,
        }),
        Box::new(crate::lang::java::pom::CATALOGER),
        Box::new(crate::lang::java::gradle::CATALOGER),
        // lang-text: Python, JavaScript, Ruby, PHP, .NET.
        Box::new(crate::lang::python::installed::Installed),
        Box::new(crate::lang::python::requirements::CATALOGER),
        Box::new(crate::lang::python::poetry::CATALOGER),
        Box::new(crate::lang::python::pipfile::CATALOGER),
        Box::new(crate::lang::python::uv::CATALOGER),
        Box::new(crate::lang::javascript::package_json::CATALOGER),
        Box::new(crate::lang::javascript::package_lock::CATALOGER),
        Box::new(crate::lang::javascript::yarn::CATALOGER),
        Box::new(crate::lang::javascript::pnpm::CATALOGER),
        Box::new(crate::lang::ruby::gemspec::CATALOGER),
        Box::new(crate::lang::ruby::gemspec::DECLARED),
        Box::new(crate::lang::ruby::gemfile_lock::CATALOGER),
        Box::new(crate::lang::php::installed::CATALOGER),
        Box::new(crate::lang::php::composer_lock::CATALOGER),
        Box::new(crate::lang::dotnet::deps_json::CATALOGER),
        Box::new(crate::lang::dotnet::packages_lock::CATALOGER),
    ]
}

/// What decides a catalog besides the image: [`CATALOG_VERSION`], the
/// settings, and the name and version of every cataloger that runs on
/// `source`. Part of the per-image and per-layer cache keys.
pub fn fingerprint(source: Source, config: &CatalogConfig) -> String {
    let cats: Vec<String> = catalogers_for(source, config)
        .iter()
        .map(|c| format!("{}@{}", c.name(), c.version()))
        .collect();
    format!(
        "bosun-catalog/{CATALOG_VERSION}/{}/{}",
        config.fingerprint(),
        cats.join(",")
    )
}

/// All requests of distro detection, the accounts file and `catalogers`,
/// with the index of each cataloger's first request (distro detection
/// comes first, at 0, then `/etc/passwd`).
pub fn requests(catalogers: &[Box<dyn Cataloger>]) -> (Vec<FileRequest>, Vec<usize>) {
    let mut all = distro::requests();
    all.extend(crate::accounts::requests());
    let mut offsets = Vec::new();
    for c in catalogers {
        offsets.push(all.len());
        all.extend(c.requests());
    }
    (all, offsets)
}

/// Layer descriptions of `image`.
pub fn image_layers(image: &Image) -> Vec<LayerInfo> {
    image
        .layers
        .iter()
        .map(|l| LayerInfo {
            layer: LayerRef {
                index: l.index,
                digest: l.digest.as_ref().map(ToString::to_string),
                diff_id: l.diff_id.as_ref().map(ToString::to_string),
            },
            created_by: l
                .history
                .and_then(|h| image.config.history.get(h))
                .and_then(|h| h.created_by.as_deref())
                .map(bosun_layers::mask_command),
        })
        .collect()
}

/// Catalogs a finished walk made with [`requests`] of
/// [`catalogers_for`]`(`[`Source::of`]`(image), config)`.
pub fn catalog_walk(image: &Image, walk: &Walk, config: &CatalogConfig) -> Sbom {
    let cats = catalogers_for(Source::of(image), config);
    let files: Vec<(Vec<usize>, DbFile)> = walk
        .files
        .iter()
        .map(|f| {
            (
                f.requests.clone(),
                DbFile {
                    path: f.path.clone(),
                    layer: f.layer,
                    requests: Vec::new(),
                    content: f.content.clone(),
                    visible: f.visible,
                },
            )
        })
        .collect();
    let info = ImageInfo {
        reference: image.reference.to_string(),
        manifest_digest: image.manifest_digest.as_ref().map(ToString::to_string),
        config_digest: image.config_digest.as_ref().map(ToString::to_string),
        platform: image.platform().map(|p| p.to_string()),
    };
    let mut layers = image_layers(image);
    if layers.is_empty() {
        // A root filesystem directory walks as one layer.
        layers.push(LayerInfo {
            layer: LayerRef {
                index: 0,
                digest: None,
                diff_id: None,
            },
            created_by: None,
        });
    }
    catalog(&cats, &files, info, layers)
}

/// Catalogs collected files: each carries the global request indexes it
/// matched (as numbered by [`requests`] over `cats`).
pub fn catalog(
    cats: &[Box<dyn Cataloger>],
    files: &[(Vec<usize>, DbFile)],
    image: ImageInfo,
    layers: Vec<LayerInfo>,
) -> Sbom {
    let (all, offsets) = requests(cats);
    let release_count = distro::requests().len();
    let accounts_end = offsets.first().copied().unwrap_or(all.len());
    let distro = distro::detect(|p| {
        files
            .iter()
            .find(|(r, f)| f.visible && f.path == p && r.iter().any(|&i| i < release_count))
            .and_then(|(_, f)| f.content.bytes())
    });
    let users = files
        .iter()
        .find(|(r, f)| {
            f.visible
                && f.path == crate::accounts::PASSWD
                && r.iter()
                    .any(|&i| (release_count..accounts_end).contains(&i))
        })
        .and_then(|(_, f)| f.bytes().ok().map(|b| crate::accounts::parse(&b)));
    let layer_ref = |i: usize| layers.get(i).map(|l| l.layer.clone());
    let mut packages = Vec::new();
    let mut problems = Vec::new();
    for (ci, c) in cats.iter().enumerate() {
        let lo = offsets[ci];
        let hi = offsets.get(ci + 1).copied().unwrap_or(all.len());
        let mine: Vec<DbFile> = files
            .iter()
            .filter_map(|(r, f)| {
                let local: Vec<usize> = r
                    .iter()
                    .filter(|&&i| (lo..hi).contains(&i))
                    .map(|&i| i - lo)
                    .collect();
                (!local.is_empty()).then(|| DbFile {
                    requests: local,
                    ..f.clone()
                })
            })
            .collect();
        let input = Input::new(mine.iter().collect(), distro.as_ref());
        // Every version of each database path, bottom layer first.
        let mut dbs: BTreeMap<&str, Vec<&DbFile>> = BTreeMap::new();
        for f in &mine {
            if c.is_database(f) {
                dbs.entry(&f.path).or_default().push(f);
            }
        }
        let mut found = Vec::new();
        for versions in dbs.values_mut() {
            versions.sort_by_key(|f| f.layer);
            // (name, version, arch) -> first layer of the current unbroken run.
            let mut since: HashMap<(String, String, Option<String>), usize> = HashMap::new();
            for v in versions.iter() {
                let parsed = match c.parse(v, &input) {
                    Ok(p) => p,
                    Err(e) => {
                        // Only the final version's failure matters to the user;
                        // an unreadable intermediate version just breaks runs.
                        if v.visible {
                            problems.push(Problem {
                                cataloger: c.name().into(),
                                path: format!("/{}", v.path),
                                layer: v.layer,
                                message: e.to_string(),
                            });
                        }
                        since.clear();
                        continue;
                    }
                };
                let mut next = HashMap::with_capacity(parsed.len());
                for p in &parsed {
                    let key = (p.name.clone(), p.version.clone(), p.arch.clone());
                    let start = since.get(&key).copied().unwrap_or(v.layer);
                    next.insert(key, start);
                }
                since = next;
                if v.visible {
                    for mut p in parsed {
                        let key = (p.name.clone(), p.version.clone(), p.arch.clone());
                        p.introduced_layer = since.get(&key).and_then(|&l| layer_ref(l));
                        p.db_layer = layer_ref(v.layer);
                        p.locations.push(Location {
                            path: format!("/{}", v.path),
                            layer: layer_ref(v.layer),
                        });
                        found.push(p);
                    }
                }
            }
        }
        c.enrich(&mut found, &input);
        found.sort_by(|a, b| (&a.name, &a.version, &a.arch).cmp(&(&b.name, &b.version, &b.arch)));
        packages.extend(found);
    }
    Sbom {
        schema: SBOM_SCHEMA.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        image,
        distro,
        layers,
        packages,
        problems,
        users,
    }
}
