//! JSON: the list of findings, each with file, line, column, code,
//! severity and message.

use bosun_types::lint::Finding;

pub(super) fn render(findings: &[Finding]) -> Result<String, crate::Error> {
    let mut s = crate::error::to_json("JSON", findings)?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    #[test]
    fn snapshot() {
        let v: serde_json::Value =
            serde_json::from_str(&super::render(&crate::lint::fixtures::findings()).unwrap())
                .unwrap();
        insta::assert_json_snapshot!(v);
    }
}
