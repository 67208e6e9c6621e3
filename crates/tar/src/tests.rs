//! Unit tests: well-formed archives from the testkit writer and GNU tar,
//! and damaged ones that must fail cleanly.

use std::io::Read;

use bosun_testkit::TarWriter;
use proptest::prelude::*;

use super::*;

type Listing = Vec<(String, EntryKind, Vec<u8>, Option<String>)>;

fn entries(data: &[u8]) -> Result<Listing, Error> {
    let mut r = Reader::new(data);
    let mut out = Vec::new();
    while let Some(mut e) = r.next_entry()? {
        let mut buf = Vec::new();
        e.read_to_end(&mut buf)
            .map_err(|source| Error::Io { offset: 0, source })?;
        let h = e.header();
        out.push((
            String::from_utf8_lossy(&h.path).into_owned(),
            h.kind,
            buf,
            h.link
                .as_ref()
                .map(|l| String::from_utf8_lossy(l).into_owned()),
        ));
    }
    Ok(out)
}

#[test]
fn reads_all_kinds() {
    let mut w = TarWriter::new(Vec::new());
    w.dir("etc/").unwrap();
    w.file("etc/passwd", b"root:x:0:0\n").unwrap();
    w.symlink("etc/link", "/etc/passwd").unwrap();
    w.hardlink("etc/hard", "etc/passwd").unwrap();
    let long = format!("usr/{}/file", "d".repeat(150));
    w.file(&long, b"long").unwrap();
    let data = w.finish().unwrap();
    let e = entries(&data).unwrap();
    assert_eq!(e.len(), 5);
    assert_eq!(e[0].1, EntryKind::Directory);
    assert_eq!(e[1].2, b"root:x:0:0\n");
    assert_eq!(e[2].3.as_deref(), Some("/etc/passwd"));
    assert_eq!(e[3].1, EntryKind::HardLink);
    assert_eq!(e[4].0, long);
    assert_eq!(e[4].2, b"long");
}

#[test]
fn skips_unread_data() {
    let mut w = TarWriter::new(Vec::new());
    w.file("a", &[7u8; 1000]).unwrap();
    w.file("b", b"x").unwrap();
    let data = w.finish().unwrap();
    let mut r = Reader::new(&data[..]);
    assert_eq!(r.next_entry().unwrap().unwrap().header().path, b"a");
    let mut e = r.next_entry().unwrap().unwrap();
    let mut s = String::new();
    e.read_to_string(&mut s).unwrap();
    assert_eq!(s, "x");
    assert!(r.next_entry().unwrap().is_none());
}

#[test]
fn gnu_tar_archive() {
    let Some(tar) = bosun_testkit::require_tool("tar") else {
        return;
    };
    let out = std::process::Command::new(tar)
        .args([
            "--format=gnu",
            "-cf",
            "-",
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "src",
        ])
        .output()
        .unwrap();
    let e = entries(&out.stdout).unwrap();
    assert!(
        e.iter()
            .any(|(p, k, d, _)| p == "src/lib.rs" && *k == EntryKind::Regular && !d.is_empty())
    );
}

#[test]
fn checksum_mismatch_is_an_error() {
    let mut w = TarWriter::new(Vec::new());
    w.file("a", b"x").unwrap();
    let mut data = w.finish().unwrap();
    data[0] = b'b';
    let err = entries(&data).unwrap_err();
    assert!(err.to_string().contains("checksum"), "{err}");
}

#[test]
fn truncated_data_is_an_error() {
    let mut w = TarWriter::new(Vec::new());
    w.file("a", &[1u8; 4000]).unwrap();
    w.file("b", b"x").unwrap();
    let data = w.finish().unwrap();
    let err = entries(&data[..2000]).unwrap_err();
    assert!(
        err.to_string().contains("truncated") || err.to_string().contains("end of archive"),
        "{err}"
    );
    let mut r = Reader::new(&data[..2000]);
    r.next_entry().unwrap();
    assert!(matches!(r.next_entry(), Err(Error::Truncated { .. })));
}

#[test]
fn huge_extended_header_is_refused() {
    let mut w = TarWriter::new(Vec::new());
    let h = bosun_testkit::tar::header("././@LongLink", b'L', 0o644, (0, 0), 1 << 32, "");
    w.raw(&h).unwrap();
    let data = w.finish().unwrap();
    let err = entries(&data).unwrap_err();
    assert!(matches!(err, Error::Limit { .. }), "{err}");
}

#[test]
fn long_path_limit() {
    let mut w = TarWriter::new(Vec::new());
    w.file(&"a/".repeat(3000), b"").unwrap();
    let data = w.finish().unwrap();
    assert!(matches!(entries(&data), Err(Error::Limit { .. })));
}

#[test]
fn base256_size() {
    let mut h = bosun_testkit::tar::header("big", b'0', 0o644, (0, 0), 0, "");
    h[124..136].copy_from_slice(&[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
    bosun_testkit::tar::set_checksum(&mut h);
    let mut data = h.to_vec();
    data.extend_from_slice(b"abc");
    data.resize(1024, 0);
    data.extend_from_slice(&[0u8; 1024]);
    let e = entries(&data).unwrap();
    assert_eq!(e[0].2, b"abc");
}

#[test]
fn pax_overrides() {
    let rec = b"28 path=pax/overridden/name\n";
    let mut data =
        bosun_testkit::tar::header("pax", b'x', 0o644, (0, 0), rec.len() as u64, "").to_vec();
    data.extend_from_slice(rec);
    data.resize(1024, 0);
    let mut w = TarWriter::new(data);
    w.file("short", b"z").unwrap();
    let data = w.finish().unwrap();
    let e = entries(&data).unwrap();
    assert_eq!(e[0].0, "pax/overridden/name");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn never_panics_on_garbage(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let _ = entries(&data);
    }

    #[test]
    fn never_panics_on_damaged_archives(pos in 0usize..3072, byte in any::<u8>(), cut in 0usize..4096) {
        let mut w = TarWriter::new(Vec::new());
        w.file(&format!("x/{}", "n".repeat(120)), b"hello").unwrap();
        w.symlink("l", "../../etc").unwrap();
        let mut data = w.finish().unwrap();
        let p = pos % data.len();
        data[p] = byte;
        data.truncate(cut.min(data.len()));
        let _ = entries(&data);
    }
}
