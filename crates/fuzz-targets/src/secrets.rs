//! The secret scanner: any bytes scan without a panic, through both the
//! direct path and the layer walk's (unplaced, then placed) path, and no
//! finding ever shows more of a value than its mask allows.

use bosun_secrets::Scanner;

/// Scans the input as a file at a path taken from its first line (so the
/// fuzzer also reaches path-restricted and loose rules).
pub fn secrets_scan(data: &[u8]) {
    thread_local! {
        static SCANNER: Scanner = Scanner::builtin().expect("the built-in rules compile");
    }
    let (path, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) if i < 200 => (
            String::from_utf8_lossy(&data[..i]).into_owned(),
            &data[i + 1..],
        ),
        _ => ("/app/.env".to_owned(), data),
    };
    SCANNER.with(|s| {
        let direct = s.scan(&path, body);
        let lines = body.iter().filter(|&&b| b == b'\n').count() + 1;
        for f in &direct {
            assert!(
                f.masked.chars().skip(4).all(|c| c == '*'),
                "unmasked value {:?}",
                f.masked
            );
            assert!(f.line >= 1 && (f.line as usize) <= lines, "line {}", f.line);
        }
        let placed = s.place(&path, s.scan_unplaced(body));
        assert_eq!(
            placed.len(),
            direct.len(),
            "the layer walk's path finds what the direct path finds"
        );
    });
}
