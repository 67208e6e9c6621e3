//! DL3056: a version label is not a semantic version.

fn semver(v: &str) -> bool {
    let v = v.strip_prefix('v').unwrap_or(v);
    let core_end = v.find(['-', '+']).unwrap_or(v.len());
    let parts: Vec<&str> = v[..core_end].split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && v[core_end..]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-+.".contains(c))
}

rule!(Dl3056, "DL3056", Warning, "Label `<label>` does not conform to semantic versioning.",
what: "A label typed `semver` in `label-schema` whose value is not MAJOR.MINOR.PATCH.",
why: "Tools compare these versions.",
example: "LABEL org.opencontainers.image.version=latest",
fix: "LABEL org.opencontainers.image.version=1.4.2",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Semver, semver);
});
