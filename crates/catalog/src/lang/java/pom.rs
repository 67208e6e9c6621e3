//! `pom.xml` in source trees: the project itself and its declared
//! dependencies, `${property}` references resolved from the project's
//! `<properties>`, its own coordinates and its parent's. Versions that stay
//! unresolved (managed by a parent or BOM not in the tree) are left empty,
//! as syft does.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::lang::file::{self, FileCataloger};
use crate::lang::java::archive::maven;
use crate::package::Package;

/// Declared Maven dependencies of `pom.xml`.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "java-pom",
    globs: &["**/pom.xml"],
    max_size: 16 << 20,
    declared: true,
    parse: parse_file,
};

fn parse_file(path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    parse(file::text(path, bytes)?, CATALOGER.name)
        .map_err(|e| Error::malformed(path, e.to_string()))
}

/// Why a `pom.xml` yields no packages.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PomError {
    /// Not well-formed XML (or beyond the node limit).
    #[error(transparent)]
    Xml(#[from] roxmltree::Error),
    /// Well-formed, but its root is not `<project>`.
    #[error("not a Maven project")]
    NotMaven,
}

fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(n: Option<roxmltree::Node<'a, '_>>, name: &str) -> String {
    n.and_then(|n| child(n, name))
        .and_then(|c| c.text())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Replaces `${name}` references, a bounded number of rounds (properties
/// may refer to properties; cycles stop there).
fn resolve(v: &str, props: &HashMap<String, String>) -> String {
    let mut s = v.to_owned();
    for _ in 0..8 {
        let Some(start) = s.find("${") else { break };
        let Some(len) = s[start..].find('}') else {
            break;
        };
        let key = &s[start + 2..start + len];
        let Some(val) = props.get(key) else { break };
        s = format!("{}{}{}", &s[..start], val, &s[start + len + 1..]);
        if s.len() > 4096 {
            break;
        }
    }
    if s.contains("${") { String::new() } else { s }
}

/// Packages of a `pom.xml`.
pub fn parse(xml: &str, cataloger: &str) -> std::result::Result<Vec<Package>, PomError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 1_000_000,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, opts)?;
    let project = doc.root_element();
    if project.tag_name().name() != "project" {
        return Err(PomError::NotMaven);
    }
    let parent = child(project, "parent");
    let mut group = text(Some(project), "groupId");
    if group.is_empty() {
        group = text(parent, "groupId");
    }
    let artifact = text(Some(project), "artifactId");
    let mut version = text(Some(project), "version");
    if version.is_empty() {
        version = text(parent, "version");
    }
    let mut props: HashMap<String, String> = HashMap::new();
    if let Some(ps) = child(project, "properties") {
        for p in ps.children().filter(roxmltree::Node::is_element) {
            props.insert(
                p.tag_name().name().to_owned(),
                p.text().unwrap_or_default().trim().to_owned(),
            );
        }
    }
    for (k, v) in [
        ("project.groupId", &group),
        ("project.artifactId", &artifact),
        ("project.version", &version),
        ("pom.version", &version),
        ("project.parent.version", &text(parent, "version")),
        ("project.parent.groupId", &text(parent, "groupId")),
    ] {
        props.entry(k.to_owned()).or_insert_with(|| v.clone());
    }
    let mut out = Vec::new();
    if !artifact.is_empty() {
        let g = resolve(&group, &props);
        out.push(maven(
            &g,
            &resolve(&artifact, &props),
            &resolve(&version, &props),
            cataloger,
        ));
    }
    if let Some(deps) = child(project, "dependencies") {
        for d in deps
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == "dependency")
        {
            let g = resolve(&text(Some(d), "groupId"), &props);
            let a = resolve(&text(Some(d), "artifactId"), &props);
            if a.is_empty() {
                continue;
            }
            let v = resolve(&text(Some(d), "version"), &props);
            let mut p = maven(&g, &a, &v, cataloger);
            let scope = text(Some(d), "scope");
            if scope == "test" {
                p.properties.insert("dev".into(), "true".into());
            }
            if !scope.is_empty() {
                p.properties.insert("java:scope".into(), scope);
            }
            out.push(p);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pom() {
        let x = r#"<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <parent><groupId>org.p</groupId><version>7</version></parent>
  <artifactId>app</artifactId>
  <properties><joda.version>2.9.2</joda.version></properties>
  <dependencies>
    <dependency><groupId>com.joda</groupId><artifactId>joda-time</artifactId><version>${joda.version}</version></dependency>
    <dependency><groupId>junit</groupId><artifactId>junit</artifactId><version>4.12</version><scope>test</scope></dependency>
    <dependency><groupId>x</groupId><artifactId>managed</artifactId></dependency>
  </dependencies>
</project>"#;
        let p = parse(x, "java-pom").unwrap();
        let got: Vec<(&str, &str)> = p
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("org.p:app", "7"),
                ("com.joda:joda-time", "2.9.2"),
                ("junit:junit", "4.12"),
                ("x:managed", "")
            ]
        );
        assert_eq!(p[2].properties["dev"], "true");
        assert!(parse("<a/>", "x").is_err());
        assert!(parse("<!DOCTYPE x [<!ENTITY a \"b\">]><project/>", "x").is_err());
    }
}
