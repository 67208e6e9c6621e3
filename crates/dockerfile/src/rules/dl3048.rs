//! DL3048: invalid label key.

pub(crate) fn valid_key(k: &str) -> bool {
    let reserved = ["com.docker.", "io.docker.", "org.dockerproject."];
    if reserved.iter().any(|r| k.starts_with(r)) {
        return false;
    }
    let b = k.as_bytes();
    let (Some(first), Some(last)) = (b.first(), b.last()) else {
        return false;
    };
    first.is_ascii_lowercase()
        && (last.is_ascii_lowercase() || last.is_ascii_digit())
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'.' || *c == b'-')
        && !k.contains("..")
        && !k.contains("--")
}

rule!(Dl3048, "DL3048", Style, "Invalid label key.",
what: "A `LABEL` key that is not lower-case letters, digits, `.` and `-`, or that uses a namespace reserved by Docker.",
why: "Tools that read labels expect reverse-DNS keys; Docker reserves com.docker.*, io.docker.* and org.dockerproject.*.",
example: "LABEL com.docker.version=1",
fix: "LABEL org.opencontainers.image.version=1",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("label")) {
        if inst.args().chunks(2).any(|kv| !valid_key(&crate::rules::util::unquote(&kv[0]))) {
            out.push(cx.hit(inst));
        }
    }
});
