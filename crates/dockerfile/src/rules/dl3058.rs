//! DL3058: an e-mail label is not an address.

fn email(v: &str) -> bool {
    let Some((local, domain)) = v.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !local.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

rule!(Dl3058, "DL3058", Warning, "Label `<label>` is not a valid email format - must conform to RFC5322.",
what: "A label typed `email` in `label-schema` whose value is not an e-mail address.",
why: "The address is how people reach the image's owners.",
example: "LABEL maintainer=\"web team\"",
fix: "LABEL maintainer=\"web@example.com\"",
|cx, out| {
    super::labels::check_type(cx, out, crate::config::LabelType::Email, email);
});
