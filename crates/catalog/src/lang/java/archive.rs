//! Java archives (`.jar` `.war` `.ear` `.jpi` `.hpi`), nested archives
//! included to a bounded depth: the main package from `pom.properties`,
//! else `MANIFEST.MF` and the file name (as syft does), plus one package per
//! further `pom.properties` (shaded dependencies).
//!
//! The walk keeps only what matters: the extractor reads the central
//! directory, then the manifest, the `pom.properties` files and nested
//! archives, and returns them as a small JSON tree ([`Archive`]). Every read
//! is bounded: entries per archive, bytes per entry and per file,
//! compression ratio, nesting depth; names climbing with `..` are ignored.

use std::collections::BTreeMap;
use std::io::{self, Cursor, Read, Seek};
use std::sync::Arc;

use bosun_layers::{Content, Extractor, FileRequest};
use serde::{Deserialize, Serialize};

use crate::catalog::{Cataloger, DbFile, Input};
use crate::error::{Error, Result};
use crate::package::Package;
use crate::purl;

/// Archive name endings syft catalogs as Java archives.
pub const EXTENSIONS: [&str; 5] = ["jar", "war", "ear", "jpi", "hpi"];

/// Bounds on reading one archive file (and everything nested in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct JavaLimits {
    /// Archives inside archives followed, at most this deep.
    pub max_depth: u32,
    /// Entries of one archive looked at.
    pub max_entries: usize,
    /// Decompressed bytes of one nested archive.
    pub max_nested_bytes: u64,
    /// Decompressed bytes read from one file, nested archives included.
    pub max_total_bytes: u64,
    /// Decompressed to compressed size ratio accepted for large entries.
    pub max_ratio: u64,
}

impl Default for JavaLimits {
    fn default() -> Self {
        Self {
            max_depth: 3,
            max_entries: 200_000,
            max_nested_bytes: 128 << 20,
            max_total_bytes: 1 << 30,
            max_ratio: 200,
        }
    }
}

/// Largest manifest or pom.properties read.
const MAX_META: u64 = 1 << 20;

/// What one archive holds of interest, nested archives included.
#[derive(Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Archive {
    /// `META-INF/MANIFEST.MF`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    /// `pom.properties` files: entry name and text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub poms: Vec<(String, String)>,
    /// Nested archives: entry name and content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nested: Vec<(String, Archive)>,
}

/// Java archives by file name.
#[derive(Debug, Clone, Default)]
pub struct JavaArchive {
    /// Reading bounds.
    pub limits: JavaLimits,
}

impl Cataloger for JavaArchive {
    fn name(&self) -> &'static str {
        "java-archive"
    }

    fn requests(&self) -> Vec<FileRequest> {
        let limits = self.limits;
        let x: Extractor = Arc::new(move |c: &Content| extract(c, &limits));
        // One glob per extension, case-insensitively as syft matches.
        let pattern = EXTENSIONS
            .iter()
            .map(|e| {
                e.chars()
                    .map(|c| format!("[{}{}]", c, c.to_ascii_uppercase()))
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join(",");
        vec![
            FileRequest::glob(&format!("**/*.{{{pattern}}}"))
                .max_size(2 << 30)
                .extract(x),
        ]
    }

    fn is_database(&self, _: &DbFile) -> bool {
        true
    }

    fn parse(&self, db: &DbFile, _: &Input<'_>) -> Result<Vec<Package>> {
        let path = format!("/{}", db.path);
        decode(&db.bytes()?, &path, self.name())
            .map_err(|e| Error::malformed(&path, format!("archive summary: {e}")))
    }
}

/// Packages of the extractor's output for the archive at `path`.
pub fn decode(
    summary: &[u8],
    path: &str,
    cataloger: &str,
) -> std::result::Result<Vec<Package>, serde_json::Error> {
    let tree: Archive = serde_json::from_slice(summary)?;
    let mut out = Vec::new();
    packages(&tree, path, path, cataloger, &mut out);
    Ok(out)
}

/// The extractor: an [`Archive`] summary as JSON, or nothing for content
/// that is not a zip archive.
pub fn extract(content: &Content, limits: &JavaLimits) -> io::Result<Option<Vec<u8>>> {
    let mut r = content.reader()?;
    let mut magic = [0u8; 4];
    if r.read_exact(&mut magic).is_err() || !(magic == *b"PK\x03\x04" || magic == *b"PK\x05\x06") {
        return Ok(None);
    }
    r.rewind()?;
    let mut budget = limits.max_total_bytes;
    let tree = read_archive(r, limits, 0, &mut budget)?;
    serde_json::to_vec(&tree)
        .map(Some)
        .map_err(io::Error::other)
}

/// Reads one archive's interesting entries.
pub fn read_archive<R: Read + Seek>(
    r: R,
    limits: &JavaLimits,
    depth: u32,
    budget: &mut u64,
) -> io::Result<Archive> {
    let mut zip = zip::ZipArchive::new(r).map_err(io::Error::other)?;
    let mut out = Archive::default();
    let n = zip.len().min(limits.max_entries);
    for i in 0..n {
        let Some(Ok(name)) = zip.name_for_index(i) else {
            continue;
        };
        let name = name.into_owned();
        if name.split(['/', '\\']).any(|c| c == "..") || name.starts_with('/') {
            continue;
        }
        let lower = name.to_ascii_lowercase();
        let meta = lower == "meta-inf/manifest.mf"
            || (lower.starts_with("meta-inf/maven/") && lower.ends_with("/pom.properties"));
        let nested = depth < limits.max_depth
            && EXTENSIONS
                .iter()
                .any(|e| lower.rsplit_once('.').is_some_and(|(_, x)| x == *e));
        if !meta && !nested {
            continue;
        }
        let Ok(mut entry) = zip.by_index(i) else {
            continue;
        };
        if !entry.is_file() {
            continue;
        }
        let cap = if meta {
            MAX_META
        } else {
            limits.max_nested_bytes
        };
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size > cap || size > *budget || (size > MAX_META && size / packed > limits.max_ratio) {
            continue;
        }
        // The declared size may lie: read at most what it allows.
        let mut data = Vec::new();
        if (&mut entry)
            .take(size.min(cap))
            .read_to_end(&mut data)
            .is_err()
        {
            continue;
        }
        *budget = budget.saturating_sub(data.len() as u64);
        if meta {
            let text = String::from_utf8_lossy(&data).into_owned();
            if lower.ends_with(".mf") {
                out.manifest = Some(text);
            } else {
                out.poms.push((name, text));
            }
        } else if let Ok(a) = read_archive(Cursor::new(data), limits, depth + 1, budget) {
            out.nested.push((name, a));
        }
    }
    Ok(out)
}

/// The main section of a manifest; continuation lines (leading space) join.
pub fn manifest(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut last: Option<String> = None;
    for line in text.lines() {
        if line.trim().is_empty() {
            if out.is_empty() {
                continue;
            }
            break;
        }
        if let Some(cont) = line.strip_prefix(' ') {
            if let Some(k) = &last
                && let Some(v) = out.get_mut(k)
            {
                let v: &mut String = v;
                v.push_str(cont);
            }
            continue;
        }
        if let Some((k, v)) = line.split_once(':') {
            let k = k.trim().to_owned();
            out.insert(k.clone(), v.trim().to_owned());
            last = Some(k);
        }
    }
    out
}

/// `pom.properties` coordinates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PomProperties {
    /// groupId.
    pub group: String,
    /// artifactId.
    pub artifact: String,
    /// version.
    pub version: String,
}

/// Parses Java properties text (`key=value` or `key:value`, the first
/// delimiter wins; `#`/`!` comments).
pub fn pom_properties(text: &str) -> PomProperties {
    let mut p = PomProperties::default();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
            continue;
        }
        let Some(at) = line.find(['=', ':']) else {
            continue;
        };
        let (k, v) = (line[..at].trim(), line[at + 1..].trim());
        match k {
            "groupId" => p.group = v.to_owned(),
            "artifactId" => p.artifact = v.to_owned(),
            "version" => p.version = v.to_owned(),
            _ => {}
        }
    }
    p
}

/// Name and version from an archive's file name (`commons-lang3-3.12.0.jar`):
/// the version starts at the first `-` followed by a digit.
pub fn file_name_parts(path: &str) -> (String, String) {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = base.rsplit_once('.').map_or(base, |(s, _)| s);
    let bytes = stem.as_bytes();
    for (i, _) in stem.match_indices('-') {
        if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) {
            return (stem[..i].to_owned(), stem[i + 1..].to_owned());
        }
    }
    (stem.to_owned(), String::new())
}

/// A Maven package, named `group:artifact` (the OSV name) when the group
/// is known.
pub(crate) fn maven(group: &str, artifact: &str, version: &str, cataloger: &str) -> Package {
    let name = if group.is_empty() {
        artifact.to_owned()
    } else {
        format!("{group}:{artifact}")
    };
    let mut p = Package::new("maven", &name, version, cataloger);
    p.ecosystem = Some("Maven".into());
    p.purl = purl::build("maven", Some(group), artifact, version, &[]);
    p
}

/// A group guessed, as syft does, from the first manifest field (in
/// syft's order) whose value starts like a reverse domain name; the value
/// is taken whole, up to any `;` attributes.
fn manifest_group(m: &BTreeMap<String, String>) -> String {
    const FIELDS: [&str; 10] = [
        "Bundle-SymbolicName",
        "Extension-Name",
        "Specification-Vendor",
        "Implementation-Vendor",
        "Implementation-Vendor-Id",
        "Implementation-Title",
        "Bundle-Activator",
        "Automatic-Module-Name",
        "Main-Class",
        "Package",
    ];
    const DOMAINS: [&str; 8] = ["com.", "org.", "net.", "io.", "be.", "edu.", "gov.", "dev."];
    for k in FIELDS {
        if let Some(v) = m.get(k) {
            let v = v.split(';').next().unwrap_or_default().trim();
            if DOMAINS.iter().any(|d| v.starts_with(d)) && !v.contains(' ') {
                return v.to_owned();
            }
        }
    }
    String::new()
}

/// Packages of one archive (and, recursively, those nested in it).
fn packages(a: &Archive, file: &str, virt: &str, cataloger: &str, out: &mut Vec<Package>) {
    let poms: Vec<PomProperties> = a
        .poms
        .iter()
        .map(|(_, t)| pom_properties(t))
        .filter(|p| !p.artifact.is_empty())
        .collect();
    let (file_name, file_version) = file_name_parts(virt);
    let mut main_pom: Option<usize> = None;
    if let Some(m) = &a.manifest {
        let m = manifest(m);
        // Maven metadata names the archive itself only when its artifact
        // starts with the file's name (`geronimo-annotation_1.3_spec` in
        // `geronimo-annotation-1.3-spec.jar`); otherwise it describes a
        // shaded dependency and the archive is named from its file and
        // manifest. This is syft's rule, one direction only.
        main_pom = poms
            .iter()
            .position(|p| !file_name.is_empty() && p.artifact.starts_with(file_name.as_str()));
        let p = match main_pom {
            Some(i) => {
                let pp = &poms[i];
                maven(&pp.group, &pp.artifact, &pp.version, cataloger)
            }
            None => {
                let name = if file_name.is_empty() {
                    [
                        "Implementation-Title",
                        "Bundle-SymbolicName",
                        "Specification-Title",
                        "Extension-Name",
                    ]
                    .iter()
                    .find_map(|k| m.get(*k))
                    .map(|v| v.split(';').next().unwrap_or_default().trim().to_owned())
                    .unwrap_or_default()
                } else {
                    file_name.clone()
                };
                let version = if file_version.is_empty() {
                    [
                        "Implementation-Version",
                        "Specification-Version",
                        "Plugin-Version",
                        "Bundle-Version",
                    ]
                    .iter()
                    .find_map(|k| m.get(*k))
                    .cloned()
                    .unwrap_or_default()
                } else {
                    file_version.clone()
                };
                // Without Maven metadata the group is guessed from the
                // manifest, else it repeats the name (syft's purl does).
                let mut g = manifest_group(&m);
                if g.is_empty() {
                    g.clone_from(&name);
                }
                maven(&g, &name, &version, cataloger)
            }
        };
        if !p.name.is_empty() {
            out.push(located(p, file, virt));
        }
    }
    for (i, pp) in poms.iter().enumerate() {
        if Some(i) != main_pom {
            out.push(located(
                maven(&pp.group, &pp.artifact, &pp.version, cataloger),
                file,
                virt,
            ));
        }
    }
    for (name, n) in &a.nested {
        packages(n, file, &format!("{virt}:{name}"), cataloger, out);
    }
}

fn located(mut p: Package, file: &str, virt: &str) -> Package {
    if virt != file {
        p.properties
            .insert("java:virtual-path".into(), virt.to_owned());
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (n, d) in entries {
            w.start_file(*n, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(d).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn names_manifests_properties() {
        assert_eq!(
            file_name_parts("/a/commons-lang3-3.12.0.jar"),
            ("commons-lang3".into(), "3.12.0".into())
        );
        assert_eq!(
            file_name_parts("x/java-atk-wrapper.jar"),
            ("java-atk-wrapper".into(), String::new())
        );
        let m = manifest(
            "Manifest-Version: 1.0\nImplementation-Title: Foo Bar\n Baz\n\nName: x\nA: b\n",
        );
        assert_eq!(m["Implementation-Title"], "Foo BarBaz");
        assert!(!m.contains_key("A"));
        let p = pom_properties("#c\ngroupId=org.a\nartifactId:x=y\nversion = 1.0\n");
        assert_eq!(
            p,
            PomProperties {
                group: "org.a".into(),
                artifact: "x=y".into(),
                version: "1.0".into()
            }
        );
    }

    #[test]
    fn nested_and_shaded() {
        let inner = zip(&[
            ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
            (
                "META-INF/maven/joda-time/joda-time/pom.properties",
                b"groupId=joda-time\nartifactId=joda-time\nversion=2.9.2\n",
            ),
        ]);
        let outer = zip(&[
            (
                "META-INF/MANIFEST.MF",
                b"Manifest-Version: 1.0\nImplementation-Version: 9\n",
            ),
            (
                "META-INF/maven/org.x/app/pom.properties",
                b"groupId=org.x\nartifactId=app\nversion=1.0\n",
            ),
            (
                "META-INF/maven/org.y/shaded/pom.properties",
                b"groupId=org.y\nartifactId=shaded\nversion=0.5\n",
            ),
            ("BOOT-INF/lib/joda-time-2.9.2.jar", &inner),
            ("../evil.jar", &inner),
        ]);
        let c = Content::Memory(outer.into());
        let json = extract(&c, &JavaLimits::default()).unwrap().unwrap();
        let tree: Archive = serde_json::from_slice(&json).unwrap();
        let mut out = Vec::new();
        packages(&tree, "/app.jar", "/app.jar", "java-archive", &mut out);
        let got: Vec<(&str, &str, &str)> = out
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str(), p.purl.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("org.x:app", "1.0", "pkg:maven/org.x/app@1.0"),
                ("org.y:shaded", "0.5", "pkg:maven/org.y/shaded@0.5"),
                (
                    "joda-time:joda-time",
                    "2.9.2",
                    "pkg:maven/joda-time/joda-time@2.9.2"
                ),
            ]
        );
        assert_eq!(
            out[2].properties["java:virtual-path"],
            "/app.jar:BOOT-INF/lib/joda-time-2.9.2.jar"
        );
        // Depth 0: nested archives are not opened.
        let shallow = JavaLimits {
            max_depth: 0,
            ..JavaLimits::default()
        };
        let tree: Archive =
            serde_json::from_slice(&extract(&c, &shallow).unwrap().unwrap()).unwrap();
        assert!(tree.nested.is_empty());
        assert_eq!(
            extract(&Content::Memory(b"not a zip".to_vec().into()), &shallow).unwrap(),
            None
        );
    }

    #[test]
    fn bombs_are_bounded() {
        // 64 MiB of zeros deflates to ~64 KiB: over the ratio bound.
        let zeros = vec![0u8; 64 << 20];
        let jar = zip(&[("lib/bomb.jar", &zeros)]);
        let tree =
            read_archive(Cursor::new(jar), &JavaLimits::default(), 0, &mut (1 << 30)).unwrap();
        assert!(tree.nested.is_empty());
        // Self-nesting to any depth stops at max_depth.
        let mut j = zip(&[("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n")]);
        for _ in 0..6 {
            j = zip(&[
                ("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n"),
                ("n.jar", &j),
            ]);
        }
        let mut t =
            read_archive(Cursor::new(j), &JavaLimits::default(), 0, &mut (1 << 30)).unwrap();
        let mut depth = 0;
        while let Some((_, n)) = t.nested.pop() {
            t = n;
            depth += 1;
        }
        assert_eq!(depth, 3);
    }
}
