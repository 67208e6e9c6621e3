//! Path handling for layer entries: normalisation that refuses escapes,
//! whiteout names, and the ordering that keeps a directory's descendants
//! right after it.

use std::cmp::Ordering;

/// What an entry name means for the union filesystem.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Name {
    /// An ordinary path.
    Plain(String),
    /// `.wh.NAME`: deletes the path (the argument) from lower layers.
    Whiteout(String),
    /// `.wh..wh..opq`: hides lower layers' content of the directory.
    Opaque(String),
}

/// Why an entry name was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// It climbs above the root with `..`.
    Escape,
    /// It holds a NUL byte or is not UTF-8.
    Invalid,
    /// Other `.wh.` names (hard-link placeholders of old AUFS) are not files.
    WhiteoutMeta,
}

/// Normalises a tar path: drops `.`, empty components and leading `/`,
/// applies `..` but refuses to climb above the root. The result has no
/// leading or trailing slash; the root is the empty string.
pub(crate) fn normalize(raw: &[u8]) -> Result<String, Refused> {
    let s = std::str::from_utf8(raw).map_err(|_| Refused::Invalid)?;
    if s.contains('\0') {
        return Err(Refused::Invalid);
    }
    let mut parts: Vec<&str> = Vec::new();
    for c in s.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(Refused::Escape);
                }
            }
            c => parts.push(c),
        }
    }
    Ok(parts.join("/"))
}

/// Classifies a normalised path by its last component.
pub(crate) fn classify(path: String) -> Result<Name, Refused> {
    let (dir, base) = match path.rfind('/') {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path.as_str()),
    };
    if base == ".wh..wh..opq" {
        return Ok(Name::Opaque(dir.to_owned()));
    }
    if let Some(target) = base.strip_prefix(".wh.") {
        if target.starts_with(".wh.") || target.is_empty() {
            return Err(Refused::WhiteoutMeta);
        }
        let p = if dir.is_empty() {
            target.to_owned()
        } else {
            format!("{dir}/{target}")
        };
        return Ok(Name::Whiteout(p));
    }
    Ok(Name::Plain(path))
}

/// Orders paths as a tree walk would: `/` sorts before every other byte,
/// so `a`, `a/b`, `a/c`, `a-b` come in that order and a directory's
/// descendants follow it without interruption.
pub(crate) fn tree_cmp(a: &str, b: &str) -> Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len().min(b.len());
    for i in 0..n {
        if a[i] != b[i] {
            let key = |c: u8| if c == b'/' { 0u16 } else { u16::from(c) + 1 };
            return key(a[i]).cmp(&key(b[i]));
        }
    }
    a.len().cmp(&b.len())
}

/// True when `ancestor` is a proper ancestor directory of `path`.
pub(crate) fn is_ancestor(ancestor: &str, path: &str) -> bool {
    ancestor.is_empty() && !path.is_empty()
        || path.len() > ancestor.len()
            && path.starts_with(ancestor)
            && path.as_bytes()[ancestor.len()] == b'/'
}

/// The parent directory ("" for top-level entries and the root).
pub(crate) fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_and_refuses_escapes() {
        assert_eq!(normalize(b"./usr//bin/"), Ok("usr/bin".into()));
        assert_eq!(normalize(b"/etc/passwd"), Ok("etc/passwd".into()));
        assert_eq!(normalize(b"a/../b"), Ok("b".into()));
        assert_eq!(normalize(b"../etc/passwd"), Err(Refused::Escape));
        assert_eq!(normalize(b"a/../../x"), Err(Refused::Escape));
        assert_eq!(normalize(b"./"), Ok(String::new()));
        assert_eq!(normalize(&[0xff, b'a']), Err(Refused::Invalid));
    }

    #[test]
    fn whiteouts() {
        assert_eq!(
            classify("etc/.wh.passwd".into()),
            Ok(Name::Whiteout("etc/passwd".into()))
        );
        assert_eq!(classify(".wh.tmp".into()), Ok(Name::Whiteout("tmp".into())));
        assert_eq!(
            classify("var/.wh..wh..opq".into()),
            Ok(Name::Opaque("var".into()))
        );
        assert_eq!(
            classify(".wh..wh..opq".into()),
            Ok(Name::Opaque(String::new()))
        );
        assert_eq!(
            classify("x/.wh..wh.plnk".into()),
            Err(Refused::WhiteoutMeta)
        );
    }

    #[test]
    fn tree_order() {
        let mut v = vec!["a-b", "a/c", "a", "a/b/c", "b", "a/b", "a.b"];
        v.sort_by(|a, b| tree_cmp(a, b));
        assert_eq!(v, ["a", "a/b", "a/b/c", "a/c", "a-b", "a.b", "b"]);
        assert!(is_ancestor("a", "a/b"));
        assert!(!is_ancestor("a", "ab"));
        assert!(is_ancestor("", "a"));
        assert!(!is_ancestor("a/b", "a/b"));
    }
}
