//! Berkeley DB hash databases (`var/lib/rpm/Packages`, rpm < 4.16): walk
//! every hash page, take each value item, and follow off-page values
//! through their overflow page chains. Page numbers, item offsets and chain
//! lengths are checked; a chain that revisits a page is cut.

#![warn(clippy::indexing_slicing)]

use super::DbError;

const HASH_MAGIC: u32 = 0x0006_1561;
const PAGE_HEADER: usize = 26;
const P_HASH_UNSORTED: u8 = 2;
const P_OVERFLOW: u8 = 7;
const P_HASH: u8 = 13;
const H_KEYDATA: u8 = 1;
const H_OFFPAGE: u8 = 3;

struct Db<'a> {
    b: &'a [u8],
    le: bool,
    page_size: usize,
    pages: usize,
}

impl Db<'_> {
    fn u32_at(&self, at: usize) -> Option<u32> {
        let s: [u8; 4] = self.b.get(at..at + 4)?.try_into().ok()?;
        Some(if self.le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
    fn u16_at(&self, at: usize) -> Option<u16> {
        let s: [u8; 2] = self.b.get(at..at + 2)?.try_into().ok()?;
        Some(if self.le {
            u16::from_le_bytes(s)
        } else {
            u16::from_be_bytes(s)
        })
    }
    fn page(&self, n: usize) -> Option<&[u8]> {
        if n >= self.pages {
            return None;
        }
        self.b.get(n * self.page_size..(n + 1) * self.page_size)
    }

    /// Concatenates an overflow chain starting at `first` into `len` bytes.
    fn overflow(&self, first: u32, len: usize) -> Result<Vec<u8>, DbError> {
        if len > self.b.len() {
            return Err(DbError::Corrupt(format!(
                "off-page item of {len} bytes is larger than the file"
            )));
        }
        let mut out = Vec::with_capacity(len);
        let mut next = first as usize;
        let mut hops = 0usize;
        while out.len() < len {
            if next == 0 {
                return Err(DbError::Corrupt(format!(
                    "overflow chain ends after {} of {len} bytes",
                    out.len()
                )));
            }
            hops += 1;
            // A chain longer than the file has pages must loop.
            if hops > self.pages {
                return Err(DbError::Corrupt(format!(
                    "overflow chain from page {first} loops"
                )));
            }
            let page = self
                .page(next)
                .ok_or_else(|| DbError::Corrupt(format!("overflow page {next} beyond the file")))?;
            let kind = page_type(page);
            if kind != P_OVERFLOW {
                return Err(DbError::Corrupt(format!(
                    "page {next} in an overflow chain has type {kind}"
                )));
            }
            let base = next * self.page_size;
            let used = self.u16_at(base + 22).unwrap_or(0) as usize;
            let chunk = page.get(PAGE_HEADER..PAGE_HEADER + used).ok_or_else(|| {
                DbError::Corrupt(format!("overflow page {next} claims {used} bytes"))
            })?;
            let want = len - out.len();
            out.extend(chunk.iter().take(want));
            next = self.u32_at(base + 16).unwrap_or(0) as usize;
        }
        Ok(out)
    }
}

/// A page's type byte (byte 25 of its header; 0 when the page is short).
fn page_type(page: &[u8]) -> u8 {
    page.get(25).copied().unwrap_or(0)
}

/// Every value stored in a hash database: the rpm header blobs.
pub fn values(b: &[u8]) -> Result<Vec<Vec<u8>>, DbError> {
    let magic: [u8; 4] = b
        .get(12..16)
        .and_then(|m| m.try_into().ok())
        .ok_or_else(|| DbError::corrupt("file shorter than a metadata page"))?;
    let le = if u32::from_le_bytes(magic) == HASH_MAGIC {
        true
    } else if u32::from_be_bytes(magic) == HASH_MAGIC {
        false
    } else {
        return Err(DbError::NotA("a Berkeley DB hash database"));
    };
    let mut db = Db {
        b,
        le,
        page_size: 0,
        pages: 0,
    };
    let page_size = db.u32_at(20).unwrap_or(0) as usize;
    if !(512..=65536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(DbError::Corrupt(format!(
            "page size {page_size} is not a power of two in 512..65536"
        )));
    }
    if b.get(24).copied().unwrap_or(0) != 0 {
        return Err(DbError::Unsupported("encrypted database".into()));
    }
    let last = db.u32_at(32).unwrap_or(0) as usize;
    db.page_size = page_size;
    db.pages = (b.len() / page_size).min(last.saturating_add(1));
    let mut out = Vec::new();
    for n in 1..db.pages {
        let Some(page) = db.page(n) else { break };
        if !matches!(page_type(page), P_HASH | P_HASH_UNSORTED) {
            continue;
        }
        let base = n * page_size;
        let entries = db.u16_at(base + 20).unwrap_or(0) as usize;
        if PAGE_HEADER + entries * 2 > page_size {
            return Err(DbError::Corrupt(format!(
                "hash page {n} claims {entries} entries"
            )));
        }
        let offsets: Vec<usize> = (0..entries)
            .map(|i| db.u16_at(base + PAGE_HEADER + 2 * i).unwrap_or(0) as usize)
            .collect();
        // Items are packed from the page's end downwards, so each one ends
        // where the previous one begins.
        for pair in offsets.chunks_exact(2) {
            let &[end, off] = pair else { continue };
            let item = page.get(off..).unwrap_or_default();
            if off < PAGE_HEADER + entries * 2 || item.is_empty() {
                return Err(DbError::Corrupt(format!(
                    "hash page {n}: item offset {off} out of the page"
                )));
            }
            match item.first().copied().unwrap_or(0) {
                H_OFFPAGE => {
                    let pgno = db
                        .u32_at(base + off + 4)
                        .ok_or_else(|| DbError::corrupt("truncated off-page item"))?;
                    let len = db
                        .u32_at(base + off + 8)
                        .ok_or_else(|| DbError::corrupt("truncated off-page item"))?
                        as usize;
                    out.push(db.overflow(pgno, len)?);
                }
                H_KEYDATA => {
                    let end = if end > off && end <= page_size {
                        end
                    } else {
                        page_size
                    };
                    // rpm keeps its next-instance counter under key 0: four
                    // bytes that cannot be a header.
                    if end - off - 1 > 8
                        && let Some(value) = page.get(off + 1..end)
                    {
                        out.push(value.to_vec());
                    }
                }
                _ => {}
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage() {
        assert!(values(b"").is_err());
        assert!(values(&[0u8; 4096]).is_err());
    }
}
