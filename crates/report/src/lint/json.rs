//! JSON: the list of findings, each with file, line, column, code,
//! severity and message.

use bosun_dockerfile::Finding;

pub(super) fn render(findings: &[Finding]) -> String {
    let mut s = serde_json::to_string_pretty(findings).unwrap_or_else(|_| "[]".into());
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value =
            serde_json::from_str(&super::render(&crate::lint::fixtures::findings())).unwrap();
        insta::assert_json_snapshot!(v);
    }
}
