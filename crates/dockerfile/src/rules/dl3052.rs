//! DL3052: a URL label is not a URL.

rule!(Dl3052, "DL3052", Warning, "Label `<label>` is not a valid URL.",
what: "A label typed `url` in `label-schema` whose value is not an absolute URL.",
why: "Tools follow these links; a malformed one is useless.",
example: "LABEL org.opencontainers.image.source=github.com/acme/app",
fix: "LABEL org.opencontainers.image.source=https://github.com/acme/app",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Url, |v| {
        v.split_once("://").is_some_and(|(scheme, rest)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !rest.is_empty()
        })
    });
});
