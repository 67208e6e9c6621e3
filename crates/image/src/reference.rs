//! Image references with transport prefixes, as skopeo and syft spell them:
//! `oci:DIR[:TAG|@DIGEST]`, `oci-archive:FILE[:TAG|@DIGEST]`,
//! `docker-archive:FILE[:NAME:TAG]`, `dir:PATH`, `registry:NAME`. A bare
//! existing path is recognised by its content; anything else is a registry
//! reference.

use std::fmt;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::digest::Digest;
use crate::error::{Error, Result};

/// Which image of a layout or archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selector {
    /// By tag (`org.opencontainers.image.ref.name` / docker `RepoTags`).
    Tag(String),
    /// By manifest or index digest.
    Digest(Digest),
}

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageRef {
    /// An OCI image layout directory.
    OciLayout {
        /// The layout directory.
        path: PathBuf,
        /// Which image in it.
        selector: Option<Selector>,
    },
    /// A tar of an OCI image layout.
    OciArchive {
        /// The archive.
        path: PathBuf,
        /// Which image in it.
        selector: Option<Selector>,
    },
    /// A `docker save` archive (a tar file, or a directory it was extracted to).
    DockerArchive {
        /// The archive.
        path: PathBuf,
        /// `NAME:TAG` from its RepoTags.
        selector: Option<Selector>,
    },
    /// A root filesystem directory.
    RootFs {
        /// The directory.
        path: PathBuf,
    },
    /// A registry reference (`NAME[:TAG][@DIGEST]`).
    Registry(String),
}

impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sel = |s: &Option<Selector>| match s {
            None => String::new(),
            Some(Selector::Tag(t)) => format!(":{t}"),
            Some(Selector::Digest(d)) => format!("@{d}"),
        };
        match self {
            ImageRef::OciLayout { path, selector } => {
                write!(f, "oci:{}{}", path.display(), sel(selector))
            }
            ImageRef::OciArchive { path, selector } => {
                write!(f, "oci-archive:{}{}", path.display(), sel(selector))
            }
            ImageRef::DockerArchive { path, selector } => {
                write!(f, "docker-archive:{}{}", path.display(), sel(selector))
            }
            ImageRef::RootFs { path } => write!(f, "dir:{}", path.display()),
            ImageRef::Registry(r) => write!(f, "registry:{r}"),
        }
    }
}

impl ImageRef {
    /// Parses a reference as typed by a user.
    pub fn parse(input: &str) -> Result<Self> {
        let bad = |reason: &str| Error::Reference {
            reference: input.to_owned(),
            reason: reason.to_owned(),
        };
        if input.is_empty() {
            return Err(bad("empty reference"));
        }
        if let Some(rest) = input.strip_prefix("oci:") {
            let (path, selector) = split_selector(rest, input)?;
            return Ok(ImageRef::OciLayout { path, selector });
        }
        if let Some(rest) = input.strip_prefix("oci-archive:") {
            let (path, selector) = split_selector(rest, input)?;
            return Ok(ImageRef::OciArchive { path, selector });
        }
        if let Some(rest) = input.strip_prefix("docker-archive:") {
            let (path, selector) = split_selector(rest, input)?;
            return Ok(ImageRef::DockerArchive { path, selector });
        }
        if let Some(rest) = input.strip_prefix("dir:") {
            if rest.is_empty() {
                return Err(bad("dir: needs a path"));
            }
            return Ok(ImageRef::RootFs { path: rest.into() });
        }
        if let Some(rest) = input
            .strip_prefix("registry:")
            .or_else(|| input.strip_prefix("docker://"))
        {
            return Ok(ImageRef::Registry(rest.to_owned()));
        }
        let path = Path::new(input);
        if path.exists() {
            return detect(path);
        }
        if input.starts_with('/') || input.starts_with("./") || input.starts_with("../") {
            return Err(bad("no such file or directory"));
        }
        Ok(ImageRef::Registry(input.to_owned()))
    }

    /// The transport name.
    pub fn transport(&self) -> &'static str {
        match self {
            ImageRef::OciLayout { .. } => "oci",
            ImageRef::OciArchive { .. } => "oci-archive",
            ImageRef::DockerArchive { .. } => "docker-archive",
            ImageRef::RootFs { .. } => "dir",
            ImageRef::Registry(_) => "registry",
        }
    }
}

/// Splits `PATH[:TAG|@DIGEST]`. The path wins when it exists as typed, so
/// paths with colons still work; otherwise the last `@` or `:` separates.
fn split_selector(rest: &str, input: &str) -> Result<(PathBuf, Option<Selector>)> {
    if rest.is_empty() {
        return Err(Error::Reference {
            reference: input.to_owned(),
            reason: "missing path".into(),
        });
    }
    if Path::new(rest).exists() {
        return Ok((rest.into(), None));
    }
    if let Some((p, d)) = rest.rsplit_once('@')
        && !p.is_empty()
    {
        return Ok((p.into(), Some(Selector::Digest(d.parse()?))));
    }
    // A tag may itself hold a colon (docker-archive's NAME:TAG), so try each
    // colon from the left until the part before it exists.
    for (i, _) in rest.match_indices(':') {
        let (p, t) = (&rest[..i], &rest[i + 1..]);
        if !p.is_empty() && Path::new(p).exists() {
            if t.is_empty() {
                return Ok((p.into(), None));
            }
            return Ok((p.into(), Some(Selector::Tag(t.to_owned()))));
        }
    }
    Ok((rest.into(), None))
}

/// Recognises an existing path by its content.
fn detect(path: &Path) -> Result<ImageRef> {
    let p = path.to_path_buf();
    if path.is_dir() {
        if path.join("oci-layout").is_file() && path.join("index.json").is_file() {
            return Ok(ImageRef::OciLayout {
                path: p,
                selector: None,
            });
        }
        if path.join("manifest.json").is_file() && !path.join("etc").exists() {
            return Ok(ImageRef::DockerArchive {
                path: p,
                selector: None,
            });
        }
        return Ok(ImageRef::RootFs { path: p });
    }
    let mut head = [0u8; 4];
    let n = File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| Error::io(path, e))?;
    let head = &head[..n];
    if head.starts_with(&[0x1f, 0x8b]) || head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(Error::Unsupported(format!(
            "{}: a compressed archive; decompress it first (gzip -d / zstd -d)",
            path.display()
        )));
    }
    // Peek at the member names: an OCI archive has `oci-layout`, a docker
    // archive `manifest.json` (Docker 25+ archives have both: prefer docker,
    // whose manifest.json names the tags users know).
    let files = crate::store::TarFiles::open(path)?;
    let names: Vec<&str> = files.names().collect();
    if names.contains(&"manifest.json") {
        Ok(ImageRef::DockerArchive {
            path: p,
            selector: None,
        })
    } else if names.contains(&"oci-layout") {
        Ok(ImageRef::OciArchive {
            path: p,
            selector: None,
        })
    } else {
        Err(Error::invalid(
            path.display().to_string(),
            "a tar archive but neither an OCI archive (no oci-layout) nor a docker archive (no manifest.json)",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        let d = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            ImageRef::parse(&format!("oci:/nonexistent/x@{d}")).unwrap(),
            ImageRef::OciLayout {
                path: "/nonexistent/x".into(),
                selector: Some(Selector::Digest(d.parse().unwrap()))
            }
        );
        assert_eq!(
            ImageRef::parse("python:3.12-slim").unwrap(),
            ImageRef::Registry("python:3.12-slim".into())
        );
        assert_eq!(
            ImageRef::parse("registry:localhost:5000/x").unwrap(),
            ImageRef::Registry("localhost:5000/x".into())
        );
        assert!(ImageRef::parse("oci:").is_err());
        assert!(ImageRef::parse("oci:/x@md5:00").is_err());
        assert!(ImageRef::parse("./missing").is_err());
    }

    #[test]
    fn tags_after_existing_paths() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("lay:out");
        std::fs::create_dir(&dir).unwrap();
        let s = dir.to_str().unwrap();
        assert_eq!(
            ImageRef::parse(&format!("oci:{s}")).unwrap(),
            ImageRef::OciLayout {
                path: dir.clone(),
                selector: None
            }
        );
        assert_eq!(
            ImageRef::parse(&format!("oci:{s}:v1")).unwrap(),
            ImageRef::OciLayout {
                path: dir.clone(),
                selector: Some(Selector::Tag("v1".into()))
            }
        );
        assert_eq!(
            ImageRef::parse(&format!("docker-archive:{s}:app:1.0")).unwrap(),
            ImageRef::DockerArchive {
                path: dir,
                selector: Some(Selector::Tag("app:1.0".into()))
            }
        );
    }
}
