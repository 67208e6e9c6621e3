//! DL3053: a date label is not RFC 3339.

fn rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
        || !matches!(b[10], b'T' | b't' | b' ')
        || !digits(11..13)
        || b[13] != b':'
        || !digits(14..16)
        || b[16] != b':'
        || !digits(17..19)
    {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    matches!(rest, "Z" | "z")
        || (rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':')
}

rule!(Dl3053, "DL3053", Warning, "Label `<label>` is not a valid time format - must conform to RFC3339.",
what: "A label typed `rfc3339` in `label-schema` whose value is not an RFC 3339 timestamp.",
why: "Tools sort and compare these dates.",
example: "LABEL org.opencontainers.image.created=yesterday",
fix: "LABEL org.opencontainers.image.created=2024-11-24T10:00:00Z",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Rfc3339, rfc3339);
});
