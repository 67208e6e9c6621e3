//! DL3055: a hash label is not a git hash.

rule!(Dl3055, "DL3055", Warning, "Label `<label>` is not a valid git hash.",
what: "A label typed `hash` in `label-schema` whose value is not a (short or full) git commit hash.",
why: "The revision label is how an image is traced back to its commit.",
example: "LABEL org.opencontainers.image.revision=main",
fix: "LABEL org.opencontainers.image.revision=43c572f1272b6b3171dd1db9e41b7027128ce080",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Hash, |v| {
        (7..=40).contains(&v.len()) && v.chars().all(|c| c.is_ascii_hexdigit())
    });
});
