//! Named files of an image source, whether they sit in a directory (an OCI
//! layout, an extracted `docker save`) or inside a tar archive (an OCI
//! archive, a docker archive). Archives are indexed once; each member is
//! then opened with its own file handle, so layers read in parallel.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::verified::FileId;

/// Largest JSON document (index, manifest, config) read into memory.
pub(crate) const MAX_JSON: u64 = 16 << 20;
/// Most members an image archive may have.
const MAX_MEMBERS: usize = 1_000_000;

/// Read access to the files of an image source, by relative name.
pub(crate) trait Files: Send + Sync {
    /// Opens a file for streaming.
    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>>;
    /// The file's size, if it exists.
    fn size(&self, name: &str) -> Option<u64>;
    /// Names the source in messages.
    fn describe(&self) -> String;
    /// What the file looks like on disk now (see [`FileId`]), where the
    /// platform can tell.
    fn identity(&self, name: &str) -> Option<FileId>;
    /// Whether the file exists.
    fn exists(&self, name: &str) -> bool {
        self.size(name).is_some()
    }
    /// Reads a small file whole (JSON documents), refusing large ones.
    fn read_small(&self, name: &str) -> Result<Vec<u8>> {
        let what = format!("{} in {}", name, self.describe());
        let size = self.size(name).ok_or_else(|| Error::NotFound {
            what: name.to_owned(),
            source_name: self.describe(),
            available: Vec::new(),
        })?;
        if size > MAX_JSON {
            return Err(Error::Limit {
                what,
                reason: format!("{size} bytes is too large for a JSON document (limit {MAX_JSON})"),
            });
        }
        let mut buf = Vec::with_capacity(size as usize);
        self.open(name)?
            .take(MAX_JSON + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::from_io(&what, e))?;
        Ok(buf)
    }
}

/// Refuses names that could leave the source's root.
fn safe_name(name: &str) -> Option<&str> {
    let name = name.trim_start_matches("./");
    if name.is_empty()
        || name.starts_with('/')
        || name.contains('\\')
        || name.split('/').any(|c| c == ".." || c == ".")
    {
        None
    } else {
        Some(name)
    }
}

/// Files in a directory.
pub(crate) struct DirFiles {
    root: PathBuf,
}

impl DirFiles {
    pub(crate) fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, name: &str) -> Result<PathBuf> {
        let n = safe_name(name)
            .ok_or_else(|| Error::invalid(self.describe(), format!("unsafe file name {name:?}")))?;
        Ok(self.root.join(n))
    }
}

impl Files for DirFiles {
    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>> {
        let p = self.path(name)?;
        let f = File::open(&p).map_err(|e| Error::io(&p, e))?;
        Ok(Box::new(f))
    }

    fn size(&self, name: &str) -> Option<u64> {
        let p = self.path(name).ok()?;
        let m = std::fs::metadata(p).ok()?;
        m.is_file().then_some(m.len())
    }

    fn describe(&self) -> String {
        self.root.display().to_string()
    }

    fn identity(&self, name: &str) -> Option<FileId> {
        let p = std::fs::canonicalize(self.path(name).ok()?).ok()?;
        let m = std::fs::metadata(&p).ok()?;
        m.is_file()
            .then(|| FileId::of(p.display().to_string(), String::new(), &m))
            .flatten()
    }
}

/// Files inside a tar archive on disk.
pub(crate) struct TarFiles {
    path: PathBuf,
    members: HashMap<String, (u64, u64)>,
}

impl TarFiles {
    /// Indexes the regular files of the archive at `path`.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        let f = File::open(path).map_err(|e| Error::io(path, e))?;
        let mut r = bosun_tar::Reader::new_seekable(
            BufReader::with_capacity(64 << 10, f),
            bosun_tar::Limits::default(),
        );
        let mut members: HashMap<String, (u64, u64)> = HashMap::new();
        let mut links: Vec<(String, String)> = Vec::new();
        let what = || path.display().to_string();
        while let Some(e) = r.next_entry().map_err(|source| Error::Tar {
            what: what(),
            source,
        })? {
            if members.len() + links.len() >= MAX_MEMBERS {
                return Err(Error::Limit {
                    what: what(),
                    reason: format!("more than {MAX_MEMBERS} members"),
                });
            }
            let h = e.header();
            let Ok(name) = std::str::from_utf8(&h.path) else {
                continue;
            };
            let Some(name) = safe_name(name.trim_end_matches('/')) else {
                continue;
            };
            match h.kind {
                bosun_tar::EntryKind::Regular => {
                    members.insert(name.to_owned(), (h.data_offset, h.size));
                }
                bosun_tar::EntryKind::HardLink | bosun_tar::EntryKind::Symlink => {
                    // `docker save` links identical layers to one another.
                    if let Some(t) = h.link.as_deref().and_then(|l| std::str::from_utf8(l).ok()) {
                        let target = if h.kind == bosun_tar::EntryKind::Symlink {
                            resolve_relative(name, t)
                        } else {
                            safe_name(t).map(str::to_owned)
                        };
                        if let Some(t) = target {
                            links.push((name.to_owned(), t));
                        }
                    }
                }
                _ => {}
            }
        }
        for (name, target) in links {
            if let Some(&m) = members.get(&target) {
                members.insert(name, m);
            }
        }
        Ok(Self {
            path: path.to_path_buf(),
            members,
        })
    }

    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.members.keys().map(String::as_str)
    }
}

/// A symlink target relative to the link's directory, kept inside the root.
fn resolve_relative(link: &str, target: &str) -> Option<String> {
    if target.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = link.split('/').collect();
    parts.pop();
    for c in target.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            c => parts.push(c),
        }
    }
    Some(parts.join("/"))
}

impl Files for TarFiles {
    fn open(&self, name: &str) -> Result<Box<dyn Read + Send>> {
        let key = safe_name(name).unwrap_or(name);
        let &(offset, size) = self.members.get(key).ok_or_else(|| Error::NotFound {
            what: name.to_owned(),
            source_name: self.describe(),
            available: Vec::new(),
        })?;
        let mut f = File::open(&self.path).map_err(|e| Error::io(&self.path, e))?;
        f.seek(SeekFrom::Start(offset))
            .map_err(|e| Error::io(&self.path, e))?;
        Ok(Box::new(ExactTake {
            inner: f.take(size),
            left: size,
            what: format!("{name} in {}", self.path.display()),
        }))
    }

    fn size(&self, name: &str) -> Option<u64> {
        self.members.get(safe_name(name)?).map(|&(_, s)| s)
    }

    fn describe(&self) -> String {
        self.path.display().to_string()
    }

    fn identity(&self, name: &str) -> Option<FileId> {
        let key = safe_name(name)?;
        let &(offset, size) = self.members.get(key)?;
        let p = std::fs::canonicalize(&self.path).ok()?;
        let m = std::fs::metadata(&p).ok()?;
        FileId::of(
            p.display().to_string(),
            format!("{key}@{offset}+{size}"),
            &m,
        )
    }
}

/// `Take` that reports a short file (a truncated archive) as an error
/// instead of a silent early EOF.
struct ExactTake<R> {
    inner: io::Take<R>,
    left: u64,
    what: String,
}

impl<R: Read> Read for ExactTake<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 && self.left > 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{}: archive truncated ({} bytes missing)",
                    self.what, self.left
                ),
            ));
        }
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_confined() {
        assert_eq!(safe_name("./blobs/sha256/ab"), Some("blobs/sha256/ab"));
        assert_eq!(safe_name("../x"), None);
        assert_eq!(safe_name("/etc/passwd"), None);
        assert_eq!(safe_name("a/../../b"), None);
        assert_eq!(resolve_relative("a/b/l", "../c"), Some("a/c".into()));
        assert_eq!(resolve_relative("l", "../../c"), None);
    }
}
