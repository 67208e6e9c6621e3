//! OCI archives (`oci-archive:FILE[:TAG]`): a tar of an OCI image layout,
//! as skopeo reads and writes them. Like skopeo, a source is unpacked into
//! a scratch layout and a destination is written as a layout and then
//! packed. Only the layout's own files (`oci-layout`, `index.json`,
//! `blobs/ALG/HEX`) are unpacked, so no member can land outside the
//! scratch directory whatever its name.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufReader, BufWriter};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::pull::MAX_MANIFEST;
use crate::tar_write::{self, TarWriter};

/// Most members an archive may have (as for archives the image crate opens).
const MAX_MEMBERS: usize = 1_000_000;

/// The layout-relative path of a member worth unpacking, if it is one.
fn layout_member(name: &str) -> Option<&str> {
    let name = name.trim_start_matches("./");
    if name == "oci-layout" || name == "index.json" {
        return Some(name);
    }
    let rest = name.strip_prefix("blobs/")?;
    let (alg, hex) = rest.split_once('/')?;
    let ok_alg = !alg.is_empty()
        && alg.len() <= 32
        && alg
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let ok_hex = !hex.is_empty()
        && hex.len() <= 128
        && hex
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase());
    (ok_alg && ok_hex).then_some(name)
}

/// Unpacks the layout inside `archive` into the directory `into`.
pub(crate) fn unpack(archive: &Path, into: &Path) -> Result<()> {
    let what = || archive.display().to_string();
    let f = File::open(archive).map_err(|e| Error::io(archive, e))?;
    let mut r = bosun_tar::Reader::new_seekable(
        BufReader::with_capacity(256 << 10, f),
        bosun_tar::Limits::default(),
    );
    let tar_err = |e: bosun_tar::Error| Error::invalid(what(), e.to_string());
    let mut members = 0usize;
    let mut links: Vec<(String, String)> = Vec::new();
    let mut written: HashMap<String, PathBuf> = HashMap::new();
    while let Some(mut e) = r.next_entry().map_err(tar_err)? {
        members += 1;
        if members > MAX_MEMBERS {
            return Err(Error::invalid(
                what(),
                format!("more than {MAX_MEMBERS} members"),
            ));
        }
        let h = e.header();
        let Some(name) = std::str::from_utf8(&h.path).ok().and_then(layout_member) else {
            continue;
        };
        let name = name.to_owned();
        match h.kind {
            bosun_tar::EntryKind::Regular => {
                if name == "index.json" && h.size > MAX_MANIFEST {
                    return Err(Error::invalid(what(), "index.json too large"));
                }
                let to = into.join(&name);
                if let Some(parent) = to.parent() {
                    fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
                }
                // A later member of the same name replaces an earlier one
                // (tar semantics); removing first also breaks hard links.
                let _ = fs::remove_file(&to);
                let mut out = BufWriter::new(File::create(&to).map_err(|e| Error::io(&to, e))?);
                io::copy(&mut e, &mut out).map_err(|e| Error::io(&to, e))?;
                io::Write::flush(&mut out).map_err(|e| Error::io(&to, e))?;
                written.insert(name, to);
            }
            bosun_tar::EntryKind::HardLink => {
                if let Some(t) = h
                    .link
                    .as_deref()
                    .and_then(|l| std::str::from_utf8(l).ok())
                    .and_then(layout_member)
                {
                    links.push((name, t.to_owned()));
                }
            }
            _ => {}
        }
    }
    for (name, target) in links {
        let Some(from) = written.get(&target) else {
            continue;
        };
        let to = into.join(&name);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let _ = fs::remove_file(&to);
        // A link, not a copy: an archive of many links to one large file
        // must not fill the disk.
        fs::hard_link(from, &to).map_err(|e| Error::io(&to, e))?;
    }
    if !into.join("oci-layout").is_file() || !into.join("index.json").is_file() {
        return Err(Error::invalid(
            what(),
            "not an OCI archive (no oci-layout or index.json member)",
        ));
    }
    Ok(())
}

/// Packs the layout directory `layout` into the archive `out`, replacing
/// it. Members come in a fixed order (`oci-layout`, `index.json`, then the
/// blobs sorted by name) with zeroed times and owners, so one layout
/// always packs to the same bytes.
pub(crate) fn pack(layout: &Path, out: &Path) -> Result<()> {
    let mut w = tar_write::beside(out)?;
    let io_err = |p: &Path| {
        let p = p.to_path_buf();
        move |e| Error::io(&p, e)
    };
    for name in ["oci-layout", "index.json"] {
        add_file(&mut w, layout, name)?;
    }
    let blobs = layout.join("blobs");
    w.dir("blobs").map_err(io_err(out))?;
    let mut algs = sorted_names(&blobs)?;
    algs.retain(|a| blobs.join(a).is_dir());
    for alg in algs {
        w.dir(&format!("blobs/{alg}")).map_err(io_err(out))?;
        let dir = blobs.join(&alg);
        for hex in sorted_names(&dir)? {
            if hex.starts_with('.') || !dir.join(&hex).is_file() {
                continue;
            }
            add_file(&mut w, layout, &format!("blobs/{alg}/{hex}"))?;
        }
    }
    tar_write::commit(w, out)
}

fn add_file<W: io::Write + io::Seek>(w: &mut TarWriter<W>, root: &Path, name: &str) -> Result<()> {
    let p = root.join(name);
    let mut f = File::open(&p).map_err(|e| Error::io(&p, e))?;
    let size = f.metadata().map_err(|e| Error::io(&p, e))?.len();
    w.file(name, size, &mut f).map_err(|e| Error::io(&p, e))
}

fn sorted_names(dir: &Path) -> Result<Vec<String>> {
    let mut names: Vec<String> = match fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(Error::io(dir, e)),
    };
    names.sort();
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_layout_members() {
        assert_eq!(layout_member("./index.json"), Some("index.json"));
        assert_eq!(
            layout_member("blobs/sha256/00ff"),
            Some("blobs/sha256/00ff")
        );
        for bad in [
            "blobs/sha256/../../x",
            "blobs/sha256/",
            "blobs/../x/00",
            "/etc/passwd",
            "manifest.json",
            "blobs/sha256/00FF",
            "blobs/sha256/00/11",
        ] {
            assert_eq!(layout_member(bad), None, "{bad}");
        }
    }

    #[test]
    fn pack_unpack_round_trip() {
        let t = tempfile::tempdir().unwrap();
        let lay = t.path().join("l");
        fs::create_dir_all(lay.join("blobs/sha256")).unwrap();
        fs::write(lay.join("oci-layout"), b"{}").unwrap();
        fs::write(lay.join("index.json"), b"{\"manifests\":[]}").unwrap();
        fs::write(lay.join("blobs/sha256/ab"), b"blob").unwrap();
        let a = t.path().join("a.tar");
        pack(&lay, &a).unwrap();
        let b = t.path().join("b.tar");
        pack(&lay, &b).unwrap();
        assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
        let back = t.path().join("back");
        unpack(&a, &back).unwrap();
        assert_eq!(fs::read(back.join("blobs/sha256/ab")).unwrap(), b"blob");
        let not = t.path().join("not.tar");
        fs::write(&not, [0u8; 1024]).unwrap();
        assert!(unpack(&not, &t.path().join("x")).is_err());
    }
}
