//! rpm header blobs as the databases store them: a big-endian index
//! count and data length, that many 16-byte index entries (tag, type,
//! offset, count), then the data store. Every offset and count is checked
//! against the store before use.

use super::DbError;

/// Tags read.
pub(crate) mod tag {
    pub(crate) const NAME: u32 = 1000;
    pub(crate) const VERSION: u32 = 1001;
    pub(crate) const RELEASE: u32 = 1002;
    pub(crate) const EPOCH: u32 = 1003;
    pub(crate) const SIZE: u32 = 1009;
    pub(crate) const VENDOR: u32 = 1011;
    pub(crate) const LICENSE: u32 = 1014;
    pub(crate) const ARCH: u32 = 1022;
    pub(crate) const OLDFILENAMES: u32 = 1027;
    pub(crate) const SOURCERPM: u32 = 1044;
    pub(crate) const DIRINDEXES: u32 = 1116;
    pub(crate) const BASENAMES: u32 = 1117;
    pub(crate) const DIRNAMES: u32 = 1118;
    pub(crate) const MODULARITYLABEL: u32 = 5096;
}

const TYPE_INT32: u32 = 4;
const TYPE_STRING: u32 = 6;
const TYPE_STRING_ARRAY: u32 = 8;
const TYPE_I18NSTRING: u32 = 9;

/// rpm itself refuses more index entries than this.
const MAX_ENTRIES: usize = 0xffff;
/// And data stores larger than this.
const MAX_DATA: usize = 256 << 20;

/// The fields of one installed package.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// `NAME`.
    pub name: String,
    /// `EPOCH`.
    pub epoch: Option<u32>,
    /// `VERSION`.
    pub version: String,
    /// `RELEASE`.
    pub release: String,
    /// `ARCH`.
    pub arch: Option<String>,
    /// `SOURCERPM` (absent for gpg-pubkey pseudo packages).
    pub source_rpm: Option<String>,
    /// `LICENSE`.
    pub license: Option<String>,
    /// `VENDOR`.
    pub vendor: Option<String>,
    /// `MODULARITYLABEL`.
    pub modularity_label: Option<String>,
    /// `SIZE`.
    pub size: Option<u32>,
    /// Owned paths (dirnames\[dirindexes\[i\]\] + basenames\[i\], or OLDFILENAMES).
    pub files: Vec<String>,
}

struct Entry {
    tag: u32,
    kind: u32,
    offset: usize,
    count: usize,
}

fn be32(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
}

/// Parses a header blob; the error says what is out of bounds.
pub fn parse(blob: &[u8]) -> Result<Header, DbError> {
    let il = be32(blob, 0).ok_or_else(|| DbError::corrupt("header shorter than 8 bytes"))? as usize;
    let dl = be32(blob, 4).ok_or_else(|| DbError::corrupt("header shorter than 8 bytes"))? as usize;
    if il == 0 || il > MAX_ENTRIES {
        return Err(DbError::Corrupt(format!(
            "header index count {il} out of range"
        )));
    }
    if dl > MAX_DATA {
        return Err(DbError::Corrupt(format!(
            "header data length {dl} out of range"
        )));
    }
    let data_start = 8 + il * 16;
    let data = blob.get(data_start..data_start + dl).ok_or_else(|| {
        DbError::Corrupt(format!(
            "header claims {il} entries and {dl} data bytes, blob has {}",
            blob.len()
        ))
    })?;
    let mut entries = Vec::with_capacity(il);
    for i in 0..il {
        let at = 8 + i * 16;
        let (Some(tag), Some(kind), Some(offset), Some(count)) = (
            be32(blob, at),
            be32(blob, at + 4),
            be32(blob, at + 8),
            be32(blob, at + 12),
        ) else {
            return Err(DbError::corrupt("truncated header index"));
        };
        let (offset, count) = (offset as usize, count as usize);
        if offset > dl {
            return Err(DbError::Corrupt(format!(
                "tag {tag}: offset {offset} beyond data length {dl}"
            )));
        }
        // Every element takes at least one byte of the store.
        if count > dl - offset + 1 {
            return Err(DbError::Corrupt(format!(
                "tag {tag}: count {count} exceeds the data store"
            )));
        }
        entries.push(Entry {
            tag,
            kind,
            offset,
            count,
        });
    }
    let find = |t: u32| entries.iter().rev().find(|e| e.tag == t);
    let strings = |t: u32| -> Result<Vec<String>, DbError> {
        let Some(e) = find(t) else {
            return Ok(Vec::new());
        };
        if !matches!(e.kind, TYPE_STRING | TYPE_STRING_ARRAY | TYPE_I18NSTRING) {
            return Err(DbError::Corrupt(format!(
                "tag {t}: type {} is not a string",
                e.kind
            )));
        }
        let n = if e.kind == TYPE_STRING { 1 } else { e.count };
        let mut out = Vec::with_capacity(n.min(dl));
        let mut at = e.offset;
        for _ in 0..n {
            let rest = data
                .get(at..)
                .ok_or_else(|| DbError::Corrupt(format!("tag {t}: string beyond data")))?;
            let len = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or_else(|| DbError::Corrupt(format!("tag {t}: unterminated string")))?;
            out.push(String::from_utf8_lossy(&rest[..len]).into_owned());
            at += len + 1;
            if e.kind == TYPE_I18NSTRING {
                break;
            }
        }
        Ok(out)
    };
    let string = |t: u32| -> Result<Option<String>, DbError> { Ok(strings(t)?.into_iter().next()) };
    let ints = |t: u32| -> Result<Vec<u32>, DbError> {
        let Some(e) = find(t) else {
            return Ok(Vec::new());
        };
        if e.kind != TYPE_INT32 {
            return Err(DbError::Corrupt(format!(
                "tag {t}: type {} is not int32",
                e.kind
            )));
        }
        let end = e
            .count
            .checked_mul(4)
            .and_then(|n| n.checked_add(e.offset))
            .filter(|&end| end <= dl)
            .ok_or_else(|| {
                DbError::Corrupt(format!("tag {t}: {} int32 values beyond data", e.count))
            })?;
        Ok(data[e.offset..end]
            .chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    };
    let name = string(tag::NAME)?.ok_or_else(|| DbError::corrupt("no NAME tag"))?;
    let mut h = Header {
        name,
        epoch: ints(tag::EPOCH)?.first().copied(),
        version: string(tag::VERSION)?.unwrap_or_default(),
        release: string(tag::RELEASE)?.unwrap_or_default(),
        arch: string(tag::ARCH)?,
        source_rpm: string(tag::SOURCERPM)?,
        license: string(tag::LICENSE)?,
        vendor: string(tag::VENDOR)?,
        modularity_label: string(tag::MODULARITYLABEL)?.filter(|s| !s.is_empty()),
        size: ints(tag::SIZE)?.first().copied(),
        files: Vec::new(),
    };
    let base = strings(tag::BASENAMES)?;
    if base.is_empty() {
        h.files = strings(tag::OLDFILENAMES)?;
    } else {
        let dirs = strings(tag::DIRNAMES)?;
        let idx = ints(tag::DIRINDEXES)?;
        if idx.len() != base.len() {
            return Err(DbError::Corrupt(format!(
                "{} basenames but {} dirindexes",
                base.len(),
                idx.len()
            )));
        }
        h.files = base
            .iter()
            .zip(idx)
            .map(|(b, i)| {
                dirs.get(i as usize)
                    .map(|d| format!("{d}{b}"))
                    .ok_or_else(|| {
                        DbError::Corrupt(format!("dirindex {i} beyond {} dirnames", dirs.len()))
                    })
            })
            .collect::<Result<_, _>>()?;
    }
    Ok(h)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Builds a header blob from (tag, type, payload, count) entries.
    pub(crate) fn blob(entries: &[(u32, u32, Vec<u8>, u32)]) -> Vec<u8> {
        let mut index = Vec::new();
        let mut data = Vec::new();
        for (tag, kind, payload, count) in entries {
            if *kind == TYPE_INT32 {
                while data.len() % 4 != 0 {
                    data.push(0);
                }
            }
            index.extend_from_slice(&tag.to_be_bytes());
            index.extend_from_slice(&kind.to_be_bytes());
            index.extend_from_slice(&(data.len() as u32).to_be_bytes());
            index.extend_from_slice(&count.to_be_bytes());
            data.extend_from_slice(payload);
        }
        let mut out = Vec::new();
        out.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend(index);
        out.extend(data);
        out
    }

    pub(crate) fn s(v: &str) -> Vec<u8> {
        let mut b = v.as_bytes().to_vec();
        b.push(0);
        b
    }

    pub(crate) fn sample(name: &str) -> Vec<u8> {
        blob(&[
            (tag::NAME, TYPE_STRING, s(name), 1),
            (tag::VERSION, TYPE_STRING, s("1.2"), 1),
            (tag::RELEASE, TYPE_STRING, s("3.el9"), 1),
            (tag::EPOCH, TYPE_INT32, 1u32.to_be_bytes().to_vec(), 1),
            (tag::ARCH, TYPE_STRING, s("x86_64"), 1),
            (
                tag::SOURCERPM,
                TYPE_STRING,
                s(&format!("{name}-1.2-3.el9.src.rpm")),
                1,
            ),
            (
                tag::DIRNAMES,
                TYPE_STRING_ARRAY,
                [s("/usr/bin/"), s("/etc/")].concat(),
                2,
            ),
            (
                tag::BASENAMES,
                TYPE_STRING_ARRAY,
                [s("tool"), s("tool.conf")].concat(),
                2,
            ),
            (
                tag::DIRINDEXES,
                TYPE_INT32,
                [0u32.to_be_bytes(), 1u32.to_be_bytes()].concat(),
                2,
            ),
        ])
    }

    #[test]
    fn fields() {
        let h = parse(&sample("tool")).unwrap();
        assert_eq!(h.name, "tool");
        assert_eq!(h.epoch, Some(1));
        assert_eq!(h.files, ["/usr/bin/tool", "/etc/tool.conf"]);
        assert_eq!(h.source_rpm.as_deref(), Some("tool-1.2-3.el9.src.rpm"));
    }

    #[test]
    fn hostile() {
        assert!(parse(&[]).is_err());
        // Index count claims more entries than the blob holds.
        let mut b = sample("x");
        b[0..4].copy_from_slice(&0xffffu32.to_be_bytes());
        assert!(parse(&b).is_err());
        let mut b = sample("x");
        b[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&b).is_err());
        // Huge count on the string array.
        let mut b = sample("x");
        let at = 8 + 6 * 16 + 12;
        b[at..at + 4].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(parse(&b).is_err());
        for cut in 0..sample("x").len() {
            let _ = parse(&sample("x")[..cut]);
        }
    }
}
