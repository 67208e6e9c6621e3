//! DL3054: a licence label is not an SPDX identifier.

/// Common SPDX licence identifiers; expressions combine them with AND/OR/WITH.
const IDS: &[&str] = &[
    "0BSD",
    "AFL-3.0",
    "AGPL-3.0",
    "AGPL-3.0-only",
    "AGPL-3.0-or-later",
    "Apache-1.1",
    "Apache-2.0",
    "Artistic-2.0",
    "BSD-1-Clause",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSD-4-Clause",
    "BSL-1.0",
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC0-1.0",
    "CDDL-1.0",
    "CDDL-1.1",
    "EPL-1.0",
    "EPL-2.0",
    "EUPL-1.2",
    "GPL-2.0",
    "GPL-2.0-only",
    "GPL-2.0-or-later",
    "GPL-3.0",
    "GPL-3.0-only",
    "GPL-3.0-or-later",
    "ISC",
    "LGPL-2.1",
    "LGPL-2.1-only",
    "LGPL-2.1-or-later",
    "LGPL-3.0",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "MIT",
    "MIT-0",
    "MPL-1.1",
    "MPL-2.0",
    "MS-PL",
    "NCSA",
    "OFL-1.1",
    "OpenSSL",
    "PHP-3.01",
    "PostgreSQL",
    "Python-2.0",
    "Ruby",
    "Unlicense",
    "UPL-1.0",
    "Vim",
    "W3C",
    "WTFPL",
    "X11",
    "Zlib",
    "ZPL-2.1",
    "Classpath-exception-2.0",
    "LLVM-exception",
];

fn spdx(v: &str) -> bool {
    v.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
        .all(|t| {
            IDS.iter()
                .any(|id| id.eq_ignore_ascii_case(t.trim_end_matches('+')))
                || t.starts_with("LicenseRef-")
        })
}

rule!(Dl3054, "DL3054", Warning, "Label `<label>` is not a valid SPDX license identifier.",
what: "A label typed `spdx` in `label-schema` whose value is not an SPDX licence expression.",
why: "Licence scanners match SPDX identifiers exactly.",
example: "LABEL org.opencontainers.image.licenses=\"Apache 2\"",
fix: "LABEL org.opencontainers.image.licenses=Apache-2.0",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Spdx, spdx);
});
