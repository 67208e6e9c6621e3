//! The image's user accounts from `/etc/passwd` (name → UID), collected in
//! the same walk as the package databases so a policy can tell that
//! `USER app` is root when `app` has UID 0. Only the name and UID fields
//! are kept; malformed lines are skipped, as `getpwnam` skips them.

use std::collections::BTreeMap;

use bosun_layers::FileRequest;

/// The file read.
pub const PASSWD: &str = "etc/passwd";

/// The largest `/etc/passwd` read; a bigger one is not a real image's.
const MAX_BYTES: u64 = 1 << 20;

/// The most accounts kept.
const MAX_ACCOUNTS: usize = 65_536;

/// What the walk must collect.
pub fn requests() -> Vec<FileRequest> {
    vec![FileRequest::path(PASSWD).max_size(MAX_BYTES)]
}

/// Parses `/etc/passwd` (`name:password:uid:gid:gecos:home:shell`). The
/// first entry for a name wins, as the C library's lookup does.
pub fn parse(bytes: &[u8]) -> BTreeMap<String, u32> {
    let mut out = BTreeMap::new();
    for line in bytes.split(|&b| b == b'\n') {
        if out.len() >= MAX_ACCOUNTS {
            break;
        }
        let Ok(line) = std::str::from_utf8(line) else {
            continue;
        };
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.starts_with('+') || line.starts_with('-') {
            continue;
        }
        let mut fields = line.split(':');
        let (Some(name), Some(_), Some(uid)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        if let Ok(uid) = uid.trim().parse::<u32>() {
            out.entry(name.to_owned()).or_insert(uid);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_names_and_uids() {
        let u = super::parse(
            b"root:x:0:0:root:/root:/bin/bash\n# comment\ntoor:x:0:0::/:/bin/sh\nbad line\napp:x:1000:1000::/app:/sbin/nologin\r\nroot:x:5:5::/:/bin/sh\n+nis\n:x:1:1::/:/bin/sh\nx:y:notanumber:1\n\xff\xfe:x:3:3\n",
        );
        assert_eq!(u.get("root"), Some(&0));
        assert_eq!(u.get("toor"), Some(&0));
        assert_eq!(u.get("app"), Some(&1000));
        assert_eq!(u.len(), 3);
    }
}
