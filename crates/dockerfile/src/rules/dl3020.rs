//! DL3020: ADD where COPY would do.

pub(crate) const ARCHIVE_EXTS: &[&str] = &[
    ".tar", ".gz", ".bz2", ".xz", ".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".zst", ".tzst", ".lz",
    ".lzma", ".tlz",
];

rule!(Dl3020, "DL3020", Error, "Use COPY instead of ADD for files and folders",
what: "`ADD` of a local file or folder that is not a tar archive.",
why: "ADD also fetches URLs and unpacks archives; COPY states the intent and cannot surprise.",
example: "ADD app.py /app/",
fix: "COPY app.py /app/",
|cx, out| {
    for inst in cx.plain().filter(|i| i.is("add")) {
        let Some((_, srcs)) = inst.args().split_last() else { continue };
        let bad = srcs.iter().any(|s| {
            let s = s.trim_matches(['"', '\'']);
            !(s.contains("://") || s.starts_with("git@") || s.starts_with("<<") || ARCHIVE_EXTS.iter().any(|e| s.ends_with(e)))
        });
        if bad {
            out.push(cx.hit(inst));
        }
    }
});
