//! Root filesystem directories (`dir:` sources) walked as a single layer:
//! the same index, requests and limits as an image layer, read from the
//! local filesystem instead of a tar stream, with optional `.gitignore`
//! rules.

#[cfg(unix)]
use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};
#[cfg(unix)]
use crate::gitignore::Rules;
use crate::index::IndexMode;
#[cfg(unix)]
use crate::index::{EntryKind, LayerTable, Meta, Op};
use crate::request::Matcher;
#[cfg(unix)]
use crate::request::{Content, HEAD};
#[cfg(unix)]
use crate::walk::{Captured, LayerReport, Warning};
use crate::walk::{LayerOut, Limits};

#[cfg(unix)]
pub(crate) fn walk_rootfs(
    root: &Path,
    matcher: &Matcher,
    limits: &Limits,
    mode: IndexMode,
    gitignore: bool,
) -> Result<LayerOut> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};

    let io = |p: &Path, e: std::io::Error| Error::Io {
        path: p.display().to_string(),
        source: e,
    };
    let mut table = LayerTable::new(mode);
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    let mut entries = 0u64;
    let mut regular = 0u64;
    let mut bytes = 0u64;
    let mut ids = Vec::new();
    let top = if gitignore {
        Rules::default().enter(root)
    } else {
        Rules::default()
    };
    let mut stack: Vec<(std::path::PathBuf, String, Rules)> =
        vec![(root.to_path_buf(), String::new(), top)];
    while let Some((dir, rel, rules)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                warnings.push(Warning {
                    layer: 0,
                    path: rel.clone(),
                    reason: format!("unreadable directory: {e}"),
                });
                continue;
            }
        };
        let mut names: Vec<_> = rd.filter_map(std::result::Result::ok).collect();
        names.sort_by_key(std::fs::DirEntry::file_name);
        for de in names {
            entries += 1;
            if entries > limits.max_entries_per_layer {
                return Err(Error::Limit {
                    what: root.display().to_string(),
                    reason: format!(
                        "more than {} entries; raise it with --max-layer-entries",
                        limits.max_entries_per_layer
                    ),
                });
            }
            let name = de.file_name();
            let Ok(name) = std::str::from_utf8(name.as_bytes()).map(str::to_owned) else {
                warnings.push(Warning {
                    layer: 0,
                    path: format!("{rel}/{}", de.file_name().to_string_lossy()),
                    reason: "name is not valid UTF-8; skipped".into(),
                });
                continue;
            };
            let path = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if path.len() > limits.max_path_len {
                warnings.push(Warning {
                    layer: 0,
                    path,
                    reason: "path longer than the limit; skipped".into(),
                });
                continue;
            }
            let full = de.path();
            let md = std::fs::symlink_metadata(&full).map_err(|e| io(&full, e))?;
            let ft = md.file_type();
            if gitignore && rules.ignored(&full, ft.is_dir()) {
                continue;
            }
            let kind = if ft.is_dir() {
                EntryKind::Dir
            } else if ft.is_symlink() {
                EntryKind::Symlink
            } else if ft.is_file() {
                EntryKind::File
            } else if ft.is_char_device() {
                EntryKind::CharDevice
            } else if ft.is_block_device() {
                EntryKind::BlockDevice
            } else if ft.is_fifo() {
                EntryKind::Fifo
            } else {
                EntryKind::Other
            };
            let link = if kind == EntryKind::Symlink {
                std::fs::read_link(&full)
                    .ok()
                    .map(|t| String::from_utf8_lossy(t.as_os_str().as_bytes()).into_owned())
            } else {
                None
            };
            let size = if kind == EntryKind::File { md.len() } else { 0 };
            let Some(idx) = table.push(
                &path,
                Op::Write,
                Meta {
                    kind,
                    mode: md.mode(),
                    uid: u64::from(md.uid()),
                    gid: u64::from(md.gid()),
                    size,
                    link: link.as_deref(),
                },
            ) else {
                return Err(Error::Limit {
                    what: root.display().to_string(),
                    reason: "more than 4 GiB of path names".into(),
                });
            };
            match kind {
                EntryKind::Dir => {
                    let rules = if gitignore {
                        rules.enter(&full)
                    } else {
                        Rules::default()
                    };
                    stack.push((full, path, rules));
                }
                EntryKind::File => {
                    regular += 1;
                    bytes += size;
                    if matcher.is_empty() {
                        continue;
                    }
                    ids.clear();
                    matcher.by_name(&path, &mut ids);
                    let mut f = None;
                    let mut head = [0u8; HEAD];
                    let mut head_len = 0;
                    if matcher.wants_kinds() && size >= 4 {
                        let mut file = std::fs::File::open(&full).map_err(|e| io(&full, e))?;
                        head_len = read_up_to(&mut file, &mut head).map_err(|e| io(&full, e))?;
                        matcher.by_kind(&head[..head_len], &mut ids);
                        f = Some(file);
                    }
                    if ids.is_empty() {
                        continue;
                    }
                    if size > matcher.max_size(&ids) {
                        warnings.push(Warning {
                            layer: 0,
                            path,
                            reason: format!(
                                "{size} bytes: larger than the requests accept; not read"
                            ),
                        });
                        continue;
                    }
                    let mut file = match f {
                        Some(f) => f,
                        None => std::fs::File::open(&full).map_err(|e| io(&full, e))?,
                    };
                    let content = Content::capture(&head[..head_len], &mut file, size)
                        .map_err(|e| io(&full, e))?;
                    drop(file);
                    let found = Captured {
                        path: &path,
                        layer: 0,
                        mode: md.mode() & 0o7777,
                        entry: idx,
                    };
                    found.extract(matcher, &ids, content, &mut files, &mut warnings);
                }
                _ => {}
            }
        }
    }
    table.finish();
    Ok(LayerOut {
        table,
        report: LayerReport {
            index: 0,
            entries,
            files: regular,
            uncompressed_size: bytes,
            digests: None,
        },
        files,
        warnings,
    })
}

#[cfg(not(unix))]
pub(crate) fn walk_rootfs(
    root: &Path,
    _: &Matcher,
    _: &Limits,
    _: IndexMode,
    _: bool,
) -> Result<LayerOut> {
    Err(Error::Limit {
        what: root.display().to_string(),
        reason: "root filesystem directories are supported on Unix only".into(),
    })
}

fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}
