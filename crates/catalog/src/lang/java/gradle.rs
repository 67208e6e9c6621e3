//! `gradle.lockfile` in source trees: one `group:artifact:version=configurations`
//! line per locked dependency.

use crate::error::Result;
use crate::lang::file::FileCataloger;
use crate::lang::java::archive::maven;
use crate::package::Package;

/// Locked Gradle dependencies.
pub const CATALOGER: FileCataloger = FileCataloger {
    name: "gradle-lockfile",
    globs: &["**/gradle.lockfile*"],
    max_size: 16 << 20,
    declared: true,
    parse: parse_file,
};

fn parse_file(_path: &str, bytes: &[u8]) -> Result<Vec<Package>> {
    Ok(parse(&String::from_utf8_lossy(bytes), CATALOGER.name))
}

/// Packages of a `gradle.lockfile`.
pub fn parse(text: &str, cataloger: &str) -> Vec<Package> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim();
            if l.starts_with('#') {
                return None;
            }
            let (coords, configs) = l.split_once('=')?;
            let mut c = coords.split(':');
            let (g, a, v) = (c.next()?, c.next()?, c.next()?);
            let mut p = maven(g, a, v, cataloger);
            if !configs.is_empty()
                && configs
                    .split(',')
                    .all(|c| c.to_ascii_lowercase().contains("test"))
            {
                p.properties.insert("dev".into(), "true".into());
            }
            Some(p)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockfile() {
        let t = "# comment\norg.apache.commons:commons-text:1.8=compileClasspath\njunit:junit:4.12=testCompileClasspath\nempty=annotationProcessor\n";
        let p = parse(t, "gradle-lockfile");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].purl, "pkg:maven/org.apache.commons/commons-text@1.8");
        assert_eq!(p[1].properties["dev"], "true");
    }
}
