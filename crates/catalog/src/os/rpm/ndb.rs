//! rpm's NDB format (`Packages.db`, SUSE): a header, slot pages mapping
//! package indexes to block offsets, and blobs (16-byte blocks) holding
//! the header of each package. All numbers little-endian.

use super::DbError;

const PAGE: usize = 4096;
const SLOT: usize = 16;
/// The first two slot positions hold the file header.
const SLOT_ORIGIN: usize = 2;
const BLOCK: usize = 16;

fn le32(b: &[u8], at: usize) -> Option<u32> {
    let s: [u8; 4] = b.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(s))
}

/// Every package header blob in the database.
pub fn values(b: &[u8]) -> Result<Vec<Vec<u8>>, DbError> {
    if b.get(0..4) != Some(b"RpmP") {
        return Err(DbError::NotA("an rpm NDB database"));
    }
    let version = le32(b, 4).ok_or_else(|| DbError::corrupt("truncated header"))?;
    if version != 0 {
        return Err(DbError::Unsupported(format!(
            "unsupported NDB version {version}"
        )));
    }
    let slot_pages = le32(b, 12).ok_or_else(|| DbError::corrupt("truncated header"))? as usize;
    let slots_end = slot_pages
        .checked_mul(PAGE)
        .filter(|&n| n <= b.len() && n > 0)
        .ok_or_else(|| {
            DbError::Corrupt(format!("{slot_pages} slot pages do not fit in the file"))
        })?;
    let mut out = Vec::new();
    for at in (SLOT_ORIGIN * SLOT..slots_end).step_by(SLOT) {
        if b.get(at..at + 4) != Some(b"Slot") {
            continue;
        }
        let (Some(pkg), Some(blk_off), Some(blk_cnt)) =
            (le32(b, at + 4), le32(b, at + 8), le32(b, at + 12))
        else {
            break;
        };
        if pkg == 0 {
            continue;
        }
        let start = (blk_off as usize)
            .checked_mul(BLOCK)
            .ok_or_else(|| DbError::corrupt("block offset overflows"))?;
        let room = (blk_cnt as usize)
            .checked_mul(BLOCK)
            .ok_or_else(|| DbError::corrupt("block count overflows"))?;
        let head = b.get(start..start + 16).ok_or_else(|| {
            DbError::Corrupt(format!("package {pkg}: blob at {start} beyond the file"))
        })?;
        if &head[0..4] != b"BlbS" {
            return Err(DbError::Corrupt(format!(
                "package {pkg}: bad blob magic at {start}"
            )));
        }
        if le32(head, 4) != Some(pkg) {
            return Err(DbError::Corrupt(format!(
                "package {pkg}: blob belongs to another package"
            )));
        }
        let len = le32(head, 12).unwrap_or(0) as usize;
        if len + 16 > room {
            return Err(DbError::Corrupt(format!(
                "package {pkg}: blob of {len} bytes exceeds its {blk_cnt} blocks"
            )));
        }
        let blob = b.get(start + 16..start + 16 + len).ok_or_else(|| {
            DbError::Corrupt(format!(
                "package {pkg}: blob of {len} bytes beyond the file"
            ))
        })?;
        out.push(blob.to_vec());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage() {
        assert!(values(b"").is_err());
        let mut b = vec![0u8; 64];
        b[0..4].copy_from_slice(b"RpmP");
        b[12..16].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(values(&b).is_err());
    }
}
